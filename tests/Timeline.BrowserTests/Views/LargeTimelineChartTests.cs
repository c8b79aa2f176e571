using System.Globalization;
using System.Text.Json;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The chart with ten thousand events: drawn in under a second, and panned a frame at a time.</summary>
[Collection(LargeTimelineCollection.Name)]
public sealed class LargeTimelineChartTests(LargeTimelineServer server, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_events_are_charted_in_under_a_second_and_pan_without_stutter()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var chart = page.Locator("#timeline-chart");
        await Expect(chart).ToHaveAttributeAsync("data-complete", "true", new() { Timeout = 60_000 });
        await Expect(chart).ToHaveAttributeAsync("data-count", LargeTimelineServer.EventCount.ToString(CultureInfo.InvariantCulture));

        // Laying out and drawing all of them, as the page measured it (performance.measure 'chart-render').
        var loaded = await page.EvaluateAsync<double>(
            "() => performance.getEntriesByName('chart-render').filter(m => m.detail.events === 10000).at(-1).duration");
        await page.Locator("#chart-lanes").SelectOptionAsync("type");
        await Expect(page.Locator("#chart-summary")).ToContainTextAsync("1 lane by type");
        var relaid = await page.EvaluateAsync<double>("() => performance.getEntriesByName('chart-render').at(-1).duration");
        output.WriteLine($"10 000 events laid out and drawn in {loaded:F1} ms (as loaded), {relaid:F1} ms (lanes by type)");
        Assert.True(loaded < 1000, $"drawing 10 000 events took {loaded:F0} ms");
        Assert.True(relaid < 1000, $"drawing 10 000 events again took {relaid:F0} ms");
        await page.Locator("#chart-lanes").SelectOptionAsync("actor");

        // Panning at the zoom where marks are densest and at one where they are drawn one by one: a wheel pan per
        // animation frame for two seconds, timing each frame's drawing and the gaps between frames.
        foreach (var (label, zoom) in new[] { ("all 27 years", 1.0), ("about 3 months", 110.0) })
        {
            var stats = await page.EvaluateAsync<JsonElement>("""
                async (zoom) => {
                  const chart = document.getElementById('timeline-chart').chart;
                  const canvas = document.querySelector('.chart__canvas');
                  chart.showAll();
                  chart.scale.zoom(zoom);
                  chart.request();
                  await new Promise(r => requestAnimationFrame(r));
                  const drawn = chart.frames.length;
                  const gaps = [];
                  let last = performance.now();
                  for (let i = 0; i < 120; i++) {
                    canvas.dispatchEvent(new WheelEvent('wheel', { deltaX: 12, deltaY: 0, bubbles: true, cancelable: true, clientX: 400, clientY: 60 }));
                    await new Promise(r => requestAnimationFrame(r));
                    const now = performance.now();
                    gaps.push(now - last);
                    last = now;
                  }
                  await new Promise(r => requestAnimationFrame(r));
                  const draws = chart.frames.slice(drawn).sort((a, b) => a - b);
                  gaps.sort((a, b) => a - b);
                  const q = (a, p) => a[Math.min(a.length - 1, Math.floor(a.length * p))];
                  return { frames: draws.length, drawMedian: q(draws, 0.5), drawP95: q(draws, 0.95), drawMax: draws.at(-1),
                           gapMedian: q(gaps, 0.5), gapP95: q(gaps, 0.95) };
                }
                """, zoom);
            double V(string name) => stats.GetProperty(name).GetDouble();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"panning, {label}: {V("frames")} frames drawn in {V("drawMedian"):F1} ms median, {V("drawP95"):F1} ms p95, {V("drawMax"):F1} ms at most; frames {V("gapMedian"):F1} ms apart (median), {V("gapP95"):F1} ms (p95)"));
            Assert.True(V("frames") >= 100, $"only {V("frames")} frames were drawn while panning");
            // Typically well under a millisecond a frame (docs/PAGE.md has the figures); the bounds only catch a chart
            // that redraws far too much, with room for a machine whose CPUs other work shares: 30 frames a second.
            Assert.True(V("drawMedian") < 8, $"drawing a frame took {V("drawMedian"):F1} ms (median)");
            Assert.True(V("drawP95") < 50, $"drawing a frame took {V("drawP95"):F1} ms (p95)");
            Assert.True(V("gapMedian") < 34, $"frames came {V("gapMedian"):F1} ms apart (median), slower than 30 a second");
        }

        session.AssertNoScriptErrors();
    }
}
