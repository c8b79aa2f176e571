using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class EventClaimsTests(PageServer server)
{
    [Fact]
    public async Task An_event_lists_the_figures_claimed_with_it_in_words_with_their_source_and_a_link_to_the_measure()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "US confirms DPRK troops in Russia" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("US confirms DPRK troops in Russia");

        var claim = page.Locator("#event-claims li");
        await Expect(claim).ToHaveCountAsync(1);
        await Expect(claim.Locator(".claim__figure")).ToHaveTextAsync("DPRK military personnel in Russia: at least 3,000 persons as of 23 Oct 2024");
        var source = claim.Locator(".claim__source");
        await Expect(source.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia");
        await Expect(source).ToContainTextAsync("· CSIS · reliability B (usually reliable)");
        await Expect(claim.Locator(".claim__quote")).ToContainTextAsync("at least 3,000 soldiers into eastern Russia");
        await session.ScreenshotAsync("event-claims", fullPage: true);

        await claim.GetByRole(AriaRole.Link, new() { Name = "DPRK military personnel in Russia" }).ClickAsync();
        await Expect(page.Locator("#measure-summary")).ToHaveTextAsync("between 3,000 and 10,000, from 1 independent source; 2 claims");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_range_claimed_with_a_new_event_shows_as_a_range_and_an_event_without_claims_has_no_estimates()
    {
        var code = "browser-" + Guid.NewGuid().ToString("N")[..10];
        var title = "Rounds counted " + code;
        var e = await server.Admin.RecordEventAsync(title);
        var id = e.GetProperty("id").GetString()!;
        await server.Admin.PostJsonAsync("/api/measures", new { code, name = "Rounds " + code, unit = "rounds" });
        await server.Admin.PostJsonAsync($"/api/measures/{code}/claims", new
        {
            qualifier = "range", low = 3_000_000, high = 5_000_000, asOf = "2024-10", eventId = id,
            source = new { url = "https://a.example/estimate", title = "An estimate", publisher = "An institute" },
        });
        var without = (await server.Admin.RecordEventAsync("Nothing counted " + code)).GetProperty("id").GetString()!;
        await using var session = await server.SignedInAsync();
        var page = session.Page;

        await session.GoAsync($"#/events/{id}");
        await Expect(page.Locator("#event-claims .claim__figure")).ToHaveTextAsync($"Rounds {code}: between 3,000,000 and 5,000,000 rounds as of October 2024");
        await Expect(page.Locator("#event-claims .claim__figure a")).ToHaveAttributeAsync("href", $"#/measures/{code}");
        await Expect(page.Locator("#event-claims .claim__source")).ToHaveTextAsync("An estimate · An institute");

        await session.GoAsync($"#/events/{without}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nothing counted " + code);
        await Expect(page.Locator("#event-claims")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }
}
