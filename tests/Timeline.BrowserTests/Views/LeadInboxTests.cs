using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class LeadInboxTests(PageServer server)
{
    private async Task<int> NewLeads()
    {
        using var answer = JsonDocument.Parse(await server.Admin.GetStringAsync("/api/leads?status=new&limit=100"));
        return answer.RootElement.GetProperty("items").GetArrayLength();
    }

    [Fact]
    public async Task An_editor_records_a_lead_as_an_event_from_the_form_it_fills_in_and_dismisses_another_and_the_count_follows()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var badge = page.Locator("#lead-badge");
        var before = await NewLeads();
        Assert.True(before >= 2, $"the demo's watch found {before} new leads");
        await Expect(badge).ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.GetByRole(AriaRole.Link, new() { Name = "Leads" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leads");
        var rubicon = page.Locator("#leads > li").Filter(new() { HasText = "Crossing the Rubicon" });
        await Expect(rubicon).ToHaveCountAsync(1);
        // The actors its text names are marked in it, and the demo's events citing the same article are offered.
        await Expect(rubicon.Locator("mark.actor-mark[data-actor='KP']")).ToHaveTextAsync("North Korea");
        await Expect(rubicon.Locator(".possible-duplicates")).ToContainTextAsync("the same source URL");
        await session.ScreenshotAsync("leads-inbox", fullPage: true);

        await rubicon.GetByRole(AriaRole.Link, new() { Name = "Record as event" }).ClickAsync();
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Crossing the Rubicon: DPRK Sends Troops to Russia");
        await Expect(page.Locator("#actor-KP")).ToBeCheckedAsync();
        await Expect(page.Locator("#actor-RU")).ToBeCheckedAsync();
        await Expect(page.Locator(".source-row").First.GetByLabel("Address (URL)"))
            .ToHaveValueAsync("https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia");
        await Expect(page.Locator("#possible-duplicates")).ToContainTextAsync("This may already be recorded");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10-23");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("statement");
        await session.ScreenshotAsync("lead-record-form", fullPage: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/events/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Crossing the Rubicon: DPRK Sends Troops to Russia");
        await Expect(badge).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await session.GoAsync("#/leads");
        var first = page.Locator("#leads > li").First;
        var title = await first.Locator(".lead__title").InnerTextAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await first.GetByLabel("Why dismiss it?").FillAsync("not about the deployment");
        await first.Locator("form[data-form='dismiss']").GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(page.Locator("#leads > li").Filter(new() { HasText = title })).ToHaveCountAsync(0);
        await Expect(badge).ToHaveTextAsync((before - 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_event_form_warns_of_possible_duplicates_as_the_title_date_and_actors_are_entered()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");
        var warning = page.Locator("#possible-duplicates");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("North Korea sends troops to Russia");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10-23");
        await page.Locator("#actor-KP").CheckAsync();
        await page.Locator("#actor-RU").CheckAsync();
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning.Locator("li").First).ToContainTextAsync("2 actors in common");
        await session.ScreenshotAsync("event-form-duplicates", fullPage: true);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Watched_sources_are_listed_with_what_they_last_found_and_edited()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/watches");
        var demo = page.Locator("#watches > li").Filter(new() { HasText = "Seed article and its sources (demo)" });
        await Expect(demo.Locator(".watch__status")).ToContainTextAsync("ok: 3 new, 0 changed, 0 unchanged, 1 skipped");
        await demo.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var form = demo.Locator("form[data-form='edit-watch']");
        await form.GetByLabel("Every (ISO 8601, e.g. PT15M, PT1H)").FillAsync("PT30S");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(form).ToContainTextAsync("at most once a minute");
        await form.GetByLabel("Every (ISO 8601, e.g. PT15M, PT1H)").FillAsync("PT12H");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#watches > li").Filter(new() { HasText = "Seed article" })).ToContainTextAsync("Every PT12H");
        await session.ScreenshotAsync("watches", fullPage: true);
        session.AssertNoScriptErrors();
    }
}
