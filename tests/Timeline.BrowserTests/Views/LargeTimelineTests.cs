using System.Diagnostics;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(LargeTimelineCollection.Name)]
public sealed class LargeTimelineTests(LargeTimelineServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_events_load_a_page_at_a_time_and_are_appended_never_re_rendered()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var events = page.Locator("#timeline-groups li.event");

        // The first page only.
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync("The first 100 events, oldest first; more load as you scroll.");
        await Expect(events).ToHaveCountAsync(100);
        await page.EvaluateAsync("() => { document.querySelector('#timeline-groups li.event').dataset.marker = 'first'; }");

        // Scrolling to the end loads the next page by itself.
        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await Expect(events).ToHaveCountAsync(200);

        // Then all the rest, page after page, as a reader pressing "Load more" would (timed in the page itself, so the
        // test driver's own round trips do not count).
        var elapsed = await page.EvaluateAsync<double>("""
            async () => {
              const button = document.querySelector('.load-more');
              const list = document.getElementById('timeline-groups');
              const count = () => list.querySelectorAll('li.event').length;
              const start = performance.now();
              while (!button.hidden) {
                const before = count();
                button.click();
                await new Promise((resolve) => {
                  const seen = new MutationObserver(() => { if (count() !== before || button.hidden) { seen.disconnect(); resolve(); } });
                  seen.observe(list, { childList: true, subtree: true });
                });
              }
              return performance.now() - start;
            }
            """);
        output.WriteLine($"pages 3 to 100 loaded and appended in {elapsed / 1000:F1} s");
        Assert.True(elapsed < 30_000, $"98 pages took {elapsed / 1000:F1} s");
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync($"{LargeTimelineServer.EventCount} events, oldest first.");
        await Expect(events).ToHaveCountAsync(LargeTimelineServer.EventCount);

        // Nothing was drawn twice: the first event is the same element, and each event is there once.
        Assert.Equal("first", await events.First.GetAttributeAsync("data-marker"));
        Assert.Equal(LargeTimelineServer.EventCount, await page.EvaluateAsync<int>(
            "() => new Set([...document.querySelectorAll('#timeline-groups li.event')].map(li => li.dataset.eventId)).size"));
        await Expect(events.Last.Locator("h4")).ToHaveTextAsync($"Bulk event {LargeTimelineServer.EventCount - 1:D5}");

        // With all of them in it, a filter still replaces the list (how fast is the benchmark's to say, not a test's:
        // on a shared machine a bound here only measures the machine).
        var filter = Stopwatch.StartNew();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("\"Bulk event 09999\"");
        await Expect(events).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        output.WriteLine($"filtering 10 000 events to one took {filter.Elapsed.TotalSeconds:F1} s");
        session.AssertNoScriptErrors();
    }
}
