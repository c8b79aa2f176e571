using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class FollowUpsTests(PageServer server)
{
    [Fact]
    public async Task Open_and_overdue_follow_ups_are_listed_soonest_due_first_and_one_is_fulfilled_by_choosing_an_event()
    {
        var expected = await server.Admin.GetJsonAsync("/api/follow-ups?status=open,overdue");
        var descriptions = expected.EnumerateArray().Select(f => f.GetProperty("description").GetString()!).ToArray();
        Assert.True(descriptions.Length >= 2);

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow-ups" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Follow-ups");
        var items = page.Locator("#follow-up-list > li");
        await Expect(items.Locator(".follow-up__what")).ToHaveTextAsync(descriptions);

        // Soonest due first: the promised imagery (due about 30 Oct 2024, now overdue) leads; the exercise of 2099 is last.
        var imagery = items.First;
        await Expect(imagery).ToContainTextAsync("The US releases the promised intelligence");
        await Expect(imagery.Locator(".status")).ToHaveTextAsync("overdue");
        await Expect(imagery.Locator(".follow-up__meta .date")).ToHaveTextAsync("c. 30 Oct 2024");
        await Expect(imagery.Locator(".follow-up__origin a")).ToHaveTextAsync("White House promises intelligence and satellite imagery of DPRK troop movements (23 Oct 2024)");
        await Expect(items.Last.Locator(".status")).ToHaveTextAsync("open");
        await Expect(items.Last.Locator(".follow-up__meta .date")).ToHaveTextAsync("c. Jun 2099");
        await session.ScreenshotAsync("follow-ups", fullPage: true);

        // The later event that fulfils it, recorded meanwhile; chosen from the events found by text.
        var release = await server.Admin.RecordEventAsync("US releases satellite imagery of DPRK troop ships at Vladivostok", "2024-10-25",
            actors: ["US", "KP", "RU"], tags: ["imagery"], type: "intelligence.release", status: "confirmed");
        var releaseId = release.GetProperty("id").GetString()!;
        await imagery.GetByText("Fulfil…").ClickAsync();
        await imagery.GetByLabel("Find an event").FillAsync("Vladivostok ships");
        await imagery.GetByLabel("US releases satellite imagery of DPRK troop ships at Vladivostok").CheckAsync();
        await imagery.GetByRole(AriaRole.Button, new() { Name = "Fulfil with the chosen event" }).ClickAsync();

        await Expect(items.Filter(new() { HasText = "The US releases the promised intelligence" })).ToHaveCountAsync(0);
        await Expect(items).ToHaveCountAsync(descriptions.Length - 1);
        var fulfilled = (await server.Admin.GetJsonAsync("/api/follow-ups?status=fulfilled")).EnumerateArray()
            .Single(f => f.GetProperty("description").GetString()!.StartsWith("The US releases the promised intelligence", StringComparison.Ordinal));
        Assert.Equal(releaseId, fulfilled.GetProperty("fulfilledBy").GetString());

        // The promise's event page now shows it fulfilled, by that event.
        await page.GetByRole(AriaRole.Link, new() { Name = "Timeline" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "White House promises intelligence and satellite imagery of DPRK troop movements" }).ClickAsync();
        var followUp = page.Locator("#event-follow-ups li").Filter(new() { HasText = "The US releases the promised intelligence" });
        await Expect(followUp.Locator(".status")).ToHaveTextAsync("fulfilled");
        await Expect(followUp.GetByRole(AriaRole.Link)).ToHaveTextAsync("US releases satellite imagery of DPRK troop ships at Vladivostok");
        session.AssertNoScriptErrors();
    }
}
