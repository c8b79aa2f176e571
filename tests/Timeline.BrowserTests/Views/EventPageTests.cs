using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class EventPageTests(PageServer server)
{
    [Fact]
    public async Task Opening_an_event_shows_its_sources_related_events_follow_ups_and_history()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "US confirms DPRK troops in Russia" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Fragment.StartsWith("#/events/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("US confirms DPRK troops in Russia");
        await Expect(page.Locator(".event-page .event__date .date")).ToHaveTextAsync("23 Oct 2024");
        await Expect(page.Locator(".summary")).ToContainTextAsync("at least 3,000 soldiers");

        // Sources as links, with publisher and date.
        var source = page.Locator("#sources li").First;
        await Expect(source.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia");
        await Expect(source.GetByRole(AriaRole.Link)).ToHaveTextAsync("Crossing the Rubicon: DPRK Sends Troops to Russia");
        await Expect(source).ToContainTextAsync("— CSIS, 23 Oct 2024");
        await Expect(source.Locator("blockquote")).ToContainTextAsync("the U.S. government confirmed and released evidence");

        // Related events, by title, linked.
        var id = new Uri(page.Url).Fragment["#/events/".Length..];
        var expected = await server.Admin.GetJsonAsync($"/api/events/{id}");
        var relatedTitles = new List<(string Relation, string Title)>();
        foreach (var r in expected.GetProperty("related").EnumerateArray())
        {
            var other = await server.Admin.GetJsonAsync($"/api/events/{r.GetProperty("eventId").GetString()}");
            relatedTitles.Add((r.GetProperty("relation").GetString()!, other.GetProperty("title").GetString()!));
        }

        Assert.Contains(("confirms", "South Korea says DPRK is sending troops to Russia"), relatedTitles);
        var related = page.Locator("#related li");
        await Expect(related.GetByRole(AriaRole.Link)).ToHaveTextAsync(relatedTitles.Select(r => r.Title).ToArray());
        await Expect(related.Locator(".relation")).ToHaveTextAsync(relatedTitles.Select(r => r.Relation switch
        {
            "confirms" => "Confirms", "contradicts" => "Contradicts", "responds-to" => "Responds to", _ => "Follows",
        }).ToArray());

        // Its follow-ups, and the first version in its history.
        var followUps = await server.Admin.GetJsonAsync($"/api/follow-ups?eventId={id}&status=open,overdue,fulfilled,cancelled");
        await Expect(page.Locator("#event-follow-ups li .follow-up__what")).ToHaveTextAsync(
            followUps.EnumerateArray().Select(f => f.GetProperty("description").GetString()!).ToArray());
        await Expect(page.Locator("#event-follow-ups li").First).ToContainTextAsync("G7 countries");
        await Expect(page.Locator("#history li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#history li")).ToContainTextAsync("Version 1 · Recorded by demo");
        await session.ScreenshotAsync("event", fullPage: true);

        // A related event's link opens that event.
        await related.GetByRole(AriaRole.Link, new() { Name = "South Korea says DPRK is sending troops to Russia" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("South Korea says DPRK is sending troops to Russia");
        await Expect(page.Locator(".event-page .event__date .date")).ToContainTextAsync("2024");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_history_shows_what_changed_between_versions()
    {
        var recorded = await server.Admin.RecordEventAsync("Monitoring team meets in Seoul", "2024-11", actors: ["MSMT", "KR"], tags: ["sanctions-monitoring"]);
        var id = recorded.GetProperty("id").GetString()!;
        await server.Admin.AmendAsync(id, 1, new { occurred = "2024-11-12", status = "confirmed", actors = new[] { "MSMT", "KR", "US" }, tags = Array.Empty<string>() });
        await server.Admin.PostJsonAsync($"/api/events/{id}/retraction", new { reason = "the meeting was postponed" });

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/events/{id}");
        await Expect(page.Locator(".retraction")).ToHaveTextAsync("Retracted: the meeting was postponed");

        var history = page.Locator("#history > li");
        await Expect(history).ToHaveCountAsync(3);
        var amended = history.Filter(new() { HasText = "Version 2" });
        await Expect(amended.Locator(".revision__head")).ToContainTextAsync("Amended by admin");
        await Expect(amended.Locator(".changes li")).ToHaveTextAsync([
            "Status: reported → confirmed",
            "Date: November 2024 → 12 Nov 2024 (2024-11 → 2024-11-12)",
            "Actors: added US",
            "Tags: removed sanctions-monitoring",
        ]);
        var retracted = history.Filter(new() { HasText = "Version 3" });
        await Expect(retracted).ToContainTextAsync("Retracted by admin");
        await Expect(retracted.Locator(".changes li")).ToHaveTextAsync(["Status: confirmed → retracted", "Retracted: the meeting was postponed"]);

        // A retracted event offers no amendment.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" })).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_editor_expects_a_follow_up_and_retracts_an_event_from_its_page()
    {
        var recorded = await server.Admin.RecordEventAsync("Russia promises DPRK space technology", "2024-11-10", actors: ["RU", "KP"]);
        var id = recorded.GetProperty("id").GetString()!;
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/events/{id}");

        // A follow-up with a due date that is not EDTF: the server's reason beside the field; then a good one.
        await page.GetByText("Expect a follow-up").ClickAsync();
        await page.GetByLabel("What is expected").FillAsync("A satellite launch with Russian help");
        var due = page.GetByLabel("Due by (EDTF)");
        await due.FillAsync("2025-21");
        await Expect(page.Locator("#fu-due-words")).ToContainTextAsync("Not a date yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Expect it" }).ClickAsync();
        await Expect(due).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#fu-due-error")).ToHaveTextAsync("seasons (month 21–41) are not supported ('2025-21')");
        await Expect(page.Locator("#fu-due-words")).ToBeHiddenAsync();
        await due.FillAsync("2025~");
        await Expect(page.Locator("#fu-due-words")).ToHaveTextAsync("Reads as: c. 2025");
        await page.GetByRole(AriaRole.Button, new() { Name = "Expect it" }).ClickAsync();
        var followUp = page.Locator("#event-follow-ups li");
        await Expect(followUp.Locator(".follow-up__what")).ToHaveTextAsync("A satellite launch with Russian help");
        await Expect(followUp.Locator(".follow-up__meta")).ToContainTextAsync("open due c. 2025");

        // Retracted with a reason: it stays, marked, and the history says so.
        await page.GetByText("Retract this event").ClickAsync();
        await page.GetByLabel("Why is it retracted?").FillAsync("the report was a mistranslation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retract" }).ClickAsync();
        await Expect(page.Locator(".retraction")).ToHaveTextAsync("Retracted: the report was a mistranslation");
        await Expect(page.Locator(".event-page .event__meta .status")).ToHaveTextAsync("retracted");
        await Expect(page.Locator("#history > li").First).ToContainTextAsync("Version 2 · Retracted by admin");
        var retracted = await server.Admin.GetJsonAsync($"/api/events/{id}");
        Assert.Equal("retracted", retracted.GetProperty("status").GetString());
        session.AssertNoScriptErrors();
    }
}
