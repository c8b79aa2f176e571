using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class ActorPageTests(PageServer server)
{
    [Fact]
    public async Task An_actors_page_shows_its_kind_and_identifiers_linked_and_only_its_events()
    {
        // A vessel known to Wikidata and OpenSanctions (pages of their own) and by its IMO number (no page).
        await server.Admin.PostJsonAsync("/api/actors", new
        {
            code = "CHON-MA-SAN",
            name = "Chon Ma San",
            kind = "vessel",
            aliases = new[] { "Chonmasan", "Ch'ŏnma-san" },
            identifiers = new Dictionary<string, string> { ["wikidata"] = "Q98765432", ["opensanctions"] = "ofac-vessel-9179842", ["imo"] = "9179842" },
        });
        await server.Admin.RecordEventAsync("Chon Ma San transfers oil ship to ship", "2024-03-02", actors: ["CHON-MA-SAN", "KP"]);
        await server.Admin.RecordEventAsync("Chon Ma San seen off Nampo", "2024-05~", actors: ["CHON-MA-SAN"]);
        var its = await server.Admin.TimelineTitlesAsync("actor=CHON-MA-SAN");
        Assert.Equal(2, its.Count);

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/actors/CHON-MA-SAN");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Chon Ma San CHON-MA-SAN");
        await Expect(page.Locator("#actor-kind")).ToHaveTextAsync("Vessel");
        await Expect(page.Locator("#actor-aliases li")).ToHaveTextAsync(["Chonmasan", "Ch'ŏnma-san"]);

        var identifiers = page.Locator("#actor-identifiers li");
        await Expect(identifiers).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Q98765432" })).ToHaveAttributeAsync("href", "https://www.wikidata.org/wiki/Q98765432");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "ofac-vessel-9179842" })).ToHaveAttributeAsync("href", "https://www.opensanctions.org/entities/ofac-vessel-9179842/");
        var imo = identifiers.Filter(new() { HasText = "IMO number" });
        await Expect(imo).ToHaveTextAsync("IMO number: 9179842");
        await Expect(imo.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);

        // Its events and no others, in the timeline's own list and chart; the address holds no actor filter.
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("2 events, oldest first");
        await Expect(page.Locator("#timeline-groups li.event .event__title")).ToHaveTextAsync(its.ToArray());
        await Expect(page.Locator("#timeline-chart")).ToHaveAttributeAsync("data-complete", "true");
        Assert.DoesNotContain("actor=", new Uri(page.Url).Query, StringComparison.Ordinal);
        await Expect(page.Locator("#f-actor-KP")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await session.ScreenshotAsync("actor", fullPage: true);

        // The other filters narrow its events further.
        await page.GetByLabel("Text").FillAsync("Nampo");
        await Expect(page.Locator("#timeline-groups li.event .event__title")).ToHaveTextAsync(["Chon Ma San seen off Nampo"]);
        Assert.Equal("?q=Nampo", new Uri(page.Url).Query);
        Assert.Equal("#/actors/CHON-MA-SAN", new Uri(page.Url).Fragment);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Actor_codes_on_an_event_and_in_the_list_open_the_actors_page()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var treaty = page.Locator("li.event").Filter(new() { HasText = "DPRK and Russia sign a renewed mutual defense treaty" });
        await Expect(treaty.GetByRole(AriaRole.Link, new() { Name = "RU", Exact = true })).ToHaveAttributeAsync("href", "#/actors/RU");

        await treaty.GetByRole(AriaRole.Link, new() { Name = "DPRK and Russia sign a renewed mutual defense treaty" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("DPRK and Russia sign a renewed mutual defense treaty");
        await page.Locator("#event-actors").GetByRole(AriaRole.Link, new() { Name = "KP", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Democratic People's Republic of Korea KP");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        await Expect(page.Locator("#actor-kind")).ToHaveTextAsync("State");
        await Expect(page.Locator("#actor-aliases li")).ToHaveTextAsync(["North Korea", "DPRK"]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Q423" })).ToHaveAttributeAsync("href", "https://www.wikidata.org/wiki/Q423");
        // A state's code is its ISO 3166 code too: shown, with no page to link to.
        await Expect(page.Locator("#actor-identifiers li").Filter(new() { HasText = "ISO 3166" })).ToHaveTextAsync("ISO 3166 code: KP");

        var expected = await server.Admin.TimelineTitlesAsync("actor=KP");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync($"{expected.Count} events");
        await Expect(page.Locator("#timeline-groups li.event .event__title")).ToHaveTextAsync(expected.ToArray());
        foreach (var row in await page.Locator("#timeline-groups li.event").AllAsync())
        {
            await Expect(row.Locator(".actor").Filter(new() { HasText = "KP" })).ToHaveCountAsync(1);
        }

        await Expect(page.Locator("#timeline-chart")).ToHaveAttributeAsync("data-complete", "true");
        session.AssertNoScriptErrors();
    }
}
