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
        await Expect(page.Locator("#edit-actor")).ToHaveCountAsync(1);
        session.AssertNoScriptErrors();

        // A reader sees the same page with nothing to edit.
        await using var reader = await server.SignedInAsync(await server.CreateKeyAsync("actor-page-reader", "reader"));
        await reader.GoAsync("#/actors/CHON-MA-SAN");
        await Expect(reader.Page.Locator("#actor-kind")).ToHaveTextAsync("Vessel");
        await Expect(reader.Page.Locator("#timeline-groups li.event")).ToHaveCountAsync(2);
        await Expect(reader.Page.Locator("#edit-actor")).ToHaveCountAsync(0);
        reader.AssertNoScriptErrors();
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

    [Fact]
    public async Task An_editor_edits_an_actor_sending_only_what_changed_and_sees_errors_beside_the_fields()
    {
        await server.Admin.PostJsonAsync("/api/actors", new
        {
            code = "KOMID",
            name = "Korea Mining Development Trading Corporation",
            kind = "company",
            aliases = new[] { "KOMID" },
            identifiers = new Dictionary<string, string> { ["opensanctions"] = "NK-komid-browser", ["ofac"] = "36144" },
        });

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/actors/KOMID");
        await page.GetByText("Edit this actor").ClickAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Korea Mining Development Trading Corporation");
        await page.GetByLabel("Also known as").FillAsync("KOMID\nChanggwang Sinyong Corporation");
        var wikidata = page.GetByLabel("Wikidata", new() { Exact = true });
        await wikidata.FillAsync("423");
        await page.GetByLabel("OpenSanctions", new() { Exact = true }).FillAsync("");

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/actors/KOMID", StringComparison.Ordinal) && r.Request.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the actor" }).ClickAsync();
        var refused = await answer;
        Assert.Equal(400, refused.Status);
        var message = (await refused.JsonAsync())!.Value.GetProperty("errors").GetProperty("identifiers.wikidata")[0].GetString()!;
        await Expect(wikidata).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#actor-id-wikidata-error")).ToHaveTextAsync(message);
        await Expect(wikidata).ToBeFocusedAsync();

        await wikidata.FillAsync("Q1147325");
        var request = page.WaitForRequestAsync(r => r.Url.EndsWith("/api/actors/KOMID", StringComparison.Ordinal) && r.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the actor" }).ClickAsync();
        var sent = await request;
        Assert.Equal("\"1\"", await sent.HeaderValueAsync("if-match"));
        Assert.Equal("""{"aliases":["KOMID","Changgwang Sinyong Corporation"],"identifiers":{"wikidata":"Q1147325","opensanctions":null}}""", sent.PostData);

        await Expect(page.Locator("#actor-aliases li")).ToHaveTextAsync(["KOMID", "Changgwang Sinyong Corporation"]);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Q1147325" })).ToHaveAttributeAsync("href", "https://www.wikidata.org/wiki/Q1147325");
        await Expect(page.Locator("#actor-identifiers li")).ToHaveTextAsync(["OFAC SDN uid: 36144", "Wikidata: Q1147325"]);
        var saved = await server.Admin.GetJsonAsync("/api/actors/KOMID");
        Assert.Equal(2, saved.GetProperty("version").GetInt32());
        Assert.Equal(["ofac", "wikidata"], saved.GetProperty("identifiers").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Korea Mining Development Trading Corporation", saved.GetProperty("name").GetString());
        session.AssertNoScriptErrors();
    }
}
