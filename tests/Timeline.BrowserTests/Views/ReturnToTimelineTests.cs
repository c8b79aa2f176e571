using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>Going back from an event to a long timeline: the same filters, the same events loaded, the same scroll.</summary>
[Collection(LargeTimelineCollection.Name)]
public sealed class ReturnToTimelineTests(LargeTimelineServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Address = "/?tag=bulk&order=desc#/";

    [Fact]
    public async Task Back_and_the_back_link_return_to_the_pages_loaded_the_scroll_and_the_chart_window()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GotoAsync(Address);
        var events = page.Locator("#timeline-groups li.event");
        await Expect(events).ToHaveCountAsync(100);

        // The chart zoomed in twice (its window is not in the address), then three pages loaded by scrolling down.
        var chart = page.Locator("#timeline-chart");
        await Expect(chart).ToHaveAttributeAsync("data-complete", "true", new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var window = (await chart.GetAttributeAsync("data-from"), await chart.GetAttributeAsync("data-to"));
        while (await events.CountAsync() < 300)
        {
            var before = await events.CountAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            await page.WaitForFunctionAsync("n => document.querySelectorAll('#timeline-groups li.event').length > n", before);
        }

        // Far down, but not so far that another page loads: the 230th event a little below the top.
        await page.EvaluateAsync("() => { document.querySelectorAll('#timeline-groups li.event')[230].scrollIntoView(); window.scrollBy(0, -37); }");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("more load as you scroll");
        var loaded = await events.CountAsync();
        var before1 = await PlaceAsync(page);
        Assert.True(before1.ScrollY > 10_000, $"scrolled only to {before1.ScrollY}");

        // Browser Back from an event opened there.
        var timelineRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/timeline?", StringComparison.Ordinal) && request.Url.Contains("order=desc", StringComparison.Ordinal))
            {
                timelineRequests.Add(request.Url);
            }
        };
        var opened = events.Nth(231);
        var openedId = await opened.GetAttributeAsync("data-event-id");
        // Read before the click: once the event opens, the list it came from is gone.
        var openedTitle = await opened.Locator("h4").TextContentAsync() ?? "";
        await opened.Locator("h4 a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(openedTitle);
        await page.GoBackAsync();
        await AssertSamePlaceAsync(page, loaded, before1, window);
        await Expect(page.Locator(":focus")).ToHaveAttributeAsync("href", $"#/events/{openedId}");
        var took = await page.EvaluateAsync<double>("() => performance.getEntriesByName('timeline-return').at(-1).duration");
        output.WriteLine($"{loaded} events read back, drawn and scrolled to in {took:F0} ms (measured in the page)");

        // The pages came back in one request for all of them, not one a page.
        var list = Assert.Single(timelineRequests);
        Assert.Contains($"limit={loaded}", list, StringComparison.Ordinal);
        Assert.DoesNotContain("cursor=", list, StringComparison.Ordinal);

        // The event page's link back to the timeline does the same.
        await events.Nth(232).Locator("h4 a").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "← The timeline" }).ClickAsync();
        await AssertSamePlaceAsync(page, loaded, before1, window);

        // A new visit, by the header's link from an event, starts at the top with the first page.
        await events.Nth(233).Locator("h4 a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "← The timeline" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Timeline", Exact = true }).First.ClickAsync();
        await Expect(events).ToHaveCountAsync(100);
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") < 200);
        session.AssertNoScriptErrors();
    }

    private static async Task AssertSamePlaceAsync(IPage page, int loaded, Place before, (string?, string?) window)
    {
        Assert.EndsWith(Address, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#timeline-groups li.event")).ToHaveCountAsync(loaded);
        var chart = page.Locator("#timeline-chart");
        await Expect(chart).ToHaveAttributeAsync("data-complete", "true", new() { Timeout = 60_000 });
        await Expect(chart).ToHaveAttributeAsync("data-from", window.Item1!);
        await Expect(chart).ToHaveAttributeAsync("data-to", window.Item2!);
        await Expect(page.Locator("#f-tag")).ToHaveValueAsync("bulk");
        await Expect(page.Locator("#f-order")).ToHaveValueAsync("desc");
        var after = await PlaceAsync(page);
        Assert.Equal(before.Id, after.Id);
        // Where the reader was is where the event they were at sits in the window. (The scroll offset itself is not:
        // events off screen are not laid out, content-visibility: auto, so the heights above are estimates that
        // differ between a list scrolled through and one just read back.)
        Assert.InRange(after.Top, before.Top - 3, before.Top + 3);
        Assert.True(after.ScrollY > 10_000, $"back at {after.ScrollY} only");
    }

    private sealed record Place(double ScrollY, string Id, double Top);

    /// <summary>The scroll offset, and the first event in view with its distance from the viewport's top.</summary>
    private static async Task<Place> PlaceAsync(IPage page)
    {
        // Two frames first, so that whatever the page does after loading (the chart's height) has been laid out.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var at = await page.EvaluateAsync<JsonElement>("""
            () => {
              const li = [...document.querySelectorAll('#timeline-groups li.event')].find(e => e.getBoundingClientRect().bottom > 0);
              return { scrollY: window.scrollY, id: li.dataset.eventId, top: li.getBoundingClientRect().top };
            }
            """);
        return new Place(at.GetProperty("scrollY").GetDouble(), at.GetProperty("id").GetString()!, at.GetProperty("top").GetDouble());
    }
}
