using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The visual timeline above the list, on the demo timeline.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartTests(PageServer server)
{
    private const string Chart = "#timeline-chart";

    /// <summary>Signs in and waits until the chart has every event the address's filters match.</summary>
    private async Task<BrowserPage> ChartAsync(string query = "")
    {
        var session = await server.SignedInAsync();
        if (query.Length > 0)
        {
            await session.Page.GotoAsync("/" + query);
        }

        await Expect(session.Page.Locator(Chart)).ToHaveAttributeAsync("data-complete", "true");
        return session;
    }

    /// <summary>The days the chart shows, as the page's own scale has them.</summary>
    private static Task<double> SpanAsync(IPage page) => page.EvaluateAsync<double>("() => document.getElementById('timeline-chart').chart.scale.span");

    /// <summary>Where the chart drew the mark of the event titled so (page coordinates of its middle).</summary>
    private static async Task<(float X, float Y)> MarkAsync(IPage page, string title)
    {
        var at = await page.EvaluateAsync<JsonElement>("""
            title => {
              const chart = document.getElementById('timeline-chart').chart;
              const box = document.querySelector('.chart__canvas').getBoundingClientRect();
              for (let lane = 0; lane < chart.lanes.length; lane++) {
                const index = chart.lanes[lane].marks.findIndex(m => m.event.title === title);
                if (index < 0) continue;
                const where = chart.where(lane, index);
                if (where) return { x: box.left + (where.x0 + where.x1) / 2, y: box.top + where.y };
              }
              return null;
            }
            """, title);
        Assert.True(at.ValueKind == JsonValueKind.Object, $"no mark drawn for “{title}”");
        return ((float)at.GetProperty("x").GetDouble(), (float)at.GetProperty("y").GetDouble());
    }

    [Fact]
    public async Task The_chart_shows_the_same_events_as_the_list_and_says_so_in_a_sentence()
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        var all = (await server.Admin.GetJsonAsync("/api/timeline?limit=500")).GetProperty("items").EnumerateArray().ToList();
        await Expect(page.Locator(Chart)).ToHaveAttributeAsync("data-count", all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The text alternative: how many, when, which lanes, what is unsure or open, and where to read them.
        var summary = page.Locator("#chart-summary");
        await Expect(summary).ToContainTextAsync($"{all.Count} events from ");
        await Expect(summary).ToContainTextAsync("lanes by actor");
        await Expect(summary).ToContainTextAsync("with approximate or uncertain dates");
        await Expect(summary).ToContainTextAsync("with an open end");
        await Expect(summary).ToContainTextAsync("The list below gives the same events to read.");
        var canvas = page.Locator(".chart__canvas");
        await Expect(canvas).ToHaveAttributeAsync("aria-describedby", "chart-summary chart-keys");
        Assert.Equal(0, await canvas.EvaluateAsync<int>("c => c.tabIndex"));

        // Lanes by actor: the busiest actor first; by type: one lane per type.
        var busiest = all.SelectMany(e => e.GetProperty("actors").EnumerateArray().Select(a => a.GetString()!))
            .GroupBy(a => a).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        Assert.Equal(busiest, await page.EvaluateAsync<string>("() => document.getElementById('timeline-chart').chart.lanes[0].label"));
        await page.Locator("#chart-lanes").SelectOptionAsync("type");
        await Expect(summary).ToContainTextAsync("lanes by type");
        var types = all.Select(e => e.GetProperty("type").GetString()).Distinct().Count();
        Assert.Equal(Math.Min(types, 12), await page.EvaluateAsync<int>("() => document.getElementById('timeline-chart').chart.lanes.length"));
        await page.Locator("#chart-lanes").SelectOptionAsync("actor");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_axis_zooms_with_the_buttons_the_wheel_and_the_keys_and_pans_with_a_drag()
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        var fitted = await SpanAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        Assert.Equal(fitted / 2, await SpanAsync(page), 3);

        var box = (await page.Locator(".chart__canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width * 0.6f, box.Y + box.Height * 0.6f);
        await page.Mouse.WheelAsync(0, -400);
        var wheeled = await SpanAsync(page);
        Assert.True(wheeled < fitted / 2 * 0.75, $"the wheel did not zoom in: {wheeled} days shown");

        // Zooming in far enough shows days; out far enough, decades.
        // By key, as far as it goes (a click could land on the button just as it is disabled at the limit).
        var zoomIn = page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" });
        await page.Locator(".chart__canvas").FocusAsync();
        for (var i = 0; i < 30; i++) await page.Keyboard.PressAsync("+");
        await Expect(zoomIn).ToBeDisabledAsync();
        Assert.True(await SpanAsync(page) <= 7, "zoomed right in, the chart shows a few days");
        for (var i = 0; i < 16; i++) await page.Keyboard.PressAsync("-");
        Assert.True(await SpanAsync(page) > 20 * 365, "zoomed right out, the chart shows decades");

        // 0 fits the events again; a drag to the left brings later days into view.
        await page.Keyboard.PressAsync("0");
        Assert.Equal(fitted, await SpanAsync(page), 3);
        var before = await page.Locator(Chart).GetAttributeAsync("data-from");
        await page.Mouse.MoveAsync(box.X + box.Width * 0.7f, box.Y + box.Height - 20);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height - 20, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        Assert.True(string.CompareOrdinal(await page.Locator(Chart).GetAttributeAsync("data-from"), before) > 0, "the drag did not pan");
        Assert.Equal(fitted, await SpanAsync(page), 3);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Hovering_a_span_shows_its_title_and_date_in_words_and_a_click_opens_it()
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        const string title = "Multilateral Sanctions Monitoring Team";
        var fullTitle = await page.EvaluateAsync<string>("t => document.getElementById('timeline-chart').chart.lanes.flatMap(l => l.marks).find(m => m.event.title.includes(t)).event.title", title);
        var (x, y) = await MarkAsync(page, fullTitle);

        await page.Mouse.MoveAsync(x, y);
        var tip = page.Locator(".chart__tip");
        await Expect(tip).ToBeVisibleAsync();
        await Expect(tip).ToContainTextAsync(fullTitle);
        await Expect(tip).ToContainTextAsync("14–20 Oct 2024");

        await page.Mouse.ClickAsync(x, y);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/events/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(fullTitle);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Brushing_along_the_dates_sets_from_and_to_and_both_views_follow()
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        var box = (await page.Locator(".chart__canvas").BoundingBoxAsync())!;
        var (x0, x1) = (box.X + box.Width * 0.55f, box.X + box.Width * 0.8f);
        // The days under the brush's ends, by the chart's scale as it stands (84 px of lane names precede the axis).
        var start = await page.EvaluateAsync<double>("() => document.getElementById('timeline-chart').chart.scale.start");
        var perDay = await page.EvaluateAsync<double>("() => document.getElementById('timeline-chart').chart.scale.k");
        string Day(float x) => DateOnly.FromDayNumber(new DateOnly(1970, 1, 1).DayNumber + (int)Math.Floor(start + (x - box.X - 84) / perDay))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string[] expected = [Day(x0), Day(x1)];

        await page.Mouse.MoveAsync(x0, box.Y + 12);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x1, box.Y + 12, new() { Steps = 6 });
        await page.Mouse.UpAsync();

        // The days under the pointer's ends, to a day: where a pixel falls between two days is the scale's rounding.
        await page.WaitForURLAsync(url => new Uri(url).Query.StartsWith("?from=", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
        string[] brushed = [query["from"]!, query["to"]!];
        for (var i = 0; i < 2; i++)
        {
            var off = DateOnly.ParseExact(brushed[i], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).DayNumber
                - DateOnly.ParseExact(expected[i], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).DayNumber;
            Assert.True(Math.Abs(off) <= 1, $"the brush set {brushed[i]} where the pointer was over {expected[i]}");
        }

        expected = brushed;
        await Expect(page.Locator("#f-from")).ToHaveValueAsync(expected[0]);
        await Expect(page.Locator("#f-to")).ToHaveValueAsync(expected[1]);
        var titles = await server.Admin.TimelineTitlesAsync($"from={expected[0]}&to={expected[1]}");
        await Expect(page.Locator("#timeline-groups li.event h4")).ToHaveTextAsync(titles.ToArray());
        await Expect(page.Locator(Chart)).ToHaveAttributeAsync("data-complete", "true");
        await Expect(page.Locator(Chart)).ToHaveAttributeAsync("data-count", titles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The chart now shows that range.
        Assert.True(string.CompareOrdinal(await page.Locator(Chart).GetAttributeAsync("data-from"), expected[0]) <= 0);
        Assert.True(string.CompareOrdinal(await page.Locator(Chart).GetAttributeAsync("data-to"), expected[1]) >= 0);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Keyboard_focus_moves_event_to_event_and_lane_to_lane_and_Enter_opens()
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        var all = (await server.Admin.GetJsonAsync("/api/timeline?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var lane = await page.EvaluateAsync<string>("() => document.getElementById('timeline-chart').chart.lanes[0].label");
        var inLane = all.Where(e => e.GetProperty("actors").EnumerateArray().Any(a => a.GetString() == lane))
            .OrderBy(e => e.GetProperty("earliest").GetString() ?? "0000", StringComparer.Ordinal)
            .ThenBy(e => e.GetProperty("latest").GetString() ?? "9999", StringComparer.Ordinal)
            .Select(e => e.GetProperty("title").GetString()!).ToList();
        var live = page.Locator("#chart-live");

        // Tab reaches the chart after its controls; Home is the lane's first event, → the next, ← back.
        await page.Locator("#chart-retracted").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".chart__canvas")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(live).ToContainTextAsync($"{inLane[0]}, ");
        await Expect(live).ToContainTextAsync($", 1 of {inLane.Count}.");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(live).ToContainTextAsync($"{inLane[1]}, ");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(live).ToContainTextAsync($"{inLane[2]}, ");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(live).ToContainTextAsync($"{inLane[1]}, ");
        await page.Keyboard.PressAsync("End");
        await Expect(live).ToContainTextAsync($"{inLane[^1]}, ");

        // ↓ goes to the next lane; the focused event is drawn with a ring and its tip says the date in words.
        await page.Keyboard.PressAsync("ArrowDown");
        var second = await page.EvaluateAsync<string>("() => document.getElementById('timeline-chart').chart.lanes[1].title");
        await Expect(live).ToContainTextAsync(second);
        await Expect(page.Locator(".chart__tip")).ToBeVisibleAsync();
        var focused = await page.EvaluateAsync<string>("() => { const c = document.getElementById('timeline-chart').chart; return c.lanes[c.focus.lane].marks[c.focus.index].event.title; }");
        await Expect(page.Locator(".chart__tip")).ToContainTextAsync(focused);

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(focused);
        session.AssertNoScriptErrors();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task The_charts_colours_pass_WCAG_AA_contrast_in_light_and_dark(ColorScheme scheme)
    {
        await using var session = await ChartAsync();
        var page = session.Page;
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        // Contrast ratios against the chart's background, from the colours the canvas is drawn with.
        var ratios = await page.EvaluateAsync<Dictionary<string, double>>("""
            () => {
              const css = getComputedStyle(document.getElementById('timeline-chart'));
              const rgb = name => { const c = document.createElement('canvas').getContext('2d'); c.fillStyle = css.getPropertyValue(name).trim(); c.fillRect(0, 0, 1, 1); return [...c.getImageData(0, 0, 1, 1).data].slice(0, 3); };
              const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
              const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
              return Object.fromEntries(['--text', '--muted', '--accent', '--retracted', '--focus'].map(n => [n, ratio(n, '--surface')]));
            }
            """);
        // Text (lane names, ticks, legend) needs 4.5:1; marks, outlines and the focus ring, as graphics, 3:1.
        Assert.True(ratios["--text"] >= 4.5, $"text {ratios["--text"]:F2}:1");
        Assert.True(ratios["--muted"] >= 4.5, $"legend and density {ratios["--muted"]:F2}:1");
        foreach (var graphic in new[] { "--accent", "--retracted", "--focus" })
        {
            Assert.True(ratios[graphic] >= 3, $"{graphic} {ratios[graphic]:F2}:1");
        }

        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_retracted_event_is_struck_through_or_hidden_by_choice()
    {
        var e = await server.Admin.RecordEventAsync("Chart: a report later withdrawn", "2024-09-02", tags: ["chart-retracted"]);
        await server.Admin.PostJsonAsync($"/api/events/{e.GetProperty("id").GetString()}/retraction", new { reason = "the source withdrew it" });
        await using var session = await ChartAsync("?tag=chart-retracted");
        var page = session.Page;
        var summary = page.Locator("#chart-summary");
        await Expect(summary).ToContainTextAsync("1 event in September 2024");
        await Expect(summary).ToContainTextAsync("1 retracted");
        var (x, y) = await MarkAsync(page, "Chart: a report later withdrawn");
        await page.Mouse.MoveAsync(x, y);
        await Expect(page.Locator(".chart__tip")).ToContainTextAsync("retracted");

        await page.Locator("#chart-retracted").SelectOptionAsync("hide");
        await Expect(summary).ToContainTextAsync("1 retracted (hidden)");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.getElementById('timeline-chart').chart.lanes.length"));
        await page.Locator("#chart-retracted").SelectOptionAsync("strike");
        session.AssertNoScriptErrors();
    }
}
