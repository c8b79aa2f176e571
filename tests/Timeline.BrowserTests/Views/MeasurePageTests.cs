using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class MeasurePageTests(PageServer server)
{
    [Fact]
    public async Task The_demo_troops_are_reached_from_the_header_summarised_in_a_sentence_drawn_and_listed_with_their_quotes()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Estimates" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "DPRK military personnel in Russia" }).ClickAsync();

        await Expect(page.Locator("#measure-summary")).ToHaveTextAsync("between 3,000 and 10,000, from 1 independent source; 2 claims");
        await Expect(page.Locator("#claims-chart .claims-chart__claim")).ToHaveCountAsync(2);
        // "At least" is an open arrow upward from its mark.
        await Expect(page.Locator("#claims-chart [data-qualifier='at-least'] polyline")).ToHaveCountAsync(1);
        await Expect(page.Locator("#claims .claim__quote").First).ToContainTextAsync("at least 3,000 soldiers");
        await Expect(page.Locator("#claims .claim__figure")).ToContainTextAsync(["at least 3,000 persons", "about 10,000 persons"]);
        await session.ScreenshotAsync("measure-page", fullPage: true);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_editor_records_a_repeat_of_a_claim_in_words_and_it_adds_a_claim_but_no_source()
    {
        var code = "browser-" + Guid.NewGuid().ToString("N")[..10];
        await server.Admin.PostJsonAsync("/api/measures", new { code, name = "Troops " + code, unit = "persons" });
        await server.Admin.PostJsonAsync($"/api/measures/{code}/claims", new
        {
            value = 3000, qualifier = "at-least", asOf = "2024-10-23", source = new { url = "https://a.example/briefing", title = "Briefing", reliability = "B" },
        });
        await server.Admin.PostJsonAsync($"/api/measures/{code}/claims", new
        {
            value = 10000, qualifier = "about", asOf = "2024-10-24", source = new { url = "https://b.example/reports", title = "Reports", reliability = "C" },
        });
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/measures/{code}");
        await Expect(page.Locator("#measure-summary")).ToHaveTextAsync("between 3,000 and 10,000, from 2 independent sources; 2 claims");

        await page.GetByLabel("How the source puts it").SelectOptionAsync(new SelectOptionValue { Label = "about" });
        await page.GetByLabel("Figure").FillAsync("10000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the claim" }).ClickAsync();
        await Expect(page.Locator("#claim-error")).ToContainTextAsync("asOf");

        await page.GetByLabel("As of (EDTF)").FillAsync("2024-10-25");
        await page.GetByLabel("Source address").FillAsync("https://c.example/outlet");
        await page.GetByLabel("Source title").FillAsync("An outlet repeats the reports");
        await page.GetByLabel("Reliability of the source").SelectOptionAsync("D");
        await page.GetByLabel("Repeats another claim?").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the claim" }).ClickAsync();

        await Expect(page.Locator("#measure-summary")).ToHaveTextAsync("between 3,000 and 10,000, from 2 independent sources; 3 claims");
        await Expect(page.Locator("#claims-chart .claims-chart__lineage")).ToHaveCountAsync(1);
        session.AssertNoScriptErrors();
    }
}
