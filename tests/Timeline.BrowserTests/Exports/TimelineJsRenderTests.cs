using System.Diagnostics;
using System.Text.Json;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Exports;

/// <summary>
/// The TimelineJS download loaded as it is by Knight Lab's TimelineJS 3 (@knight-lab/timelinejs, installed in
/// tests/export-checks), in Chromium: one slide an event, and nothing wrong in the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimelineJsRenderTests(PageServer server)
{
    private static readonly string Project = Path.Combine(RepositoryRoot(), "tests", "export-checks");
    private const string Origin = "http://timelinejs.test";

    private const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><link rel="stylesheet" href="/dist/css/timeline.css"></head>
        <body><div id="timeline-embed" style="width: 100%; height: 600px"></div>
        <script src="/dist/js/timeline.js"></script>
        <script>
          fetch('/download.json').then(r => r.json()).then(data => { window.timeline = new TL.Timeline('timeline-embed', data, { script_path: location.origin + '/dist/js/' }); });
        </script></body></html>
        """;

    [Fact]
    public async Task The_download_renders_in_timelinejs_one_slide_an_event_without_errors()
    {
        await InstallAsync();
        var response = await server.Admin.GetAsync("/api/timeline/download?format=timelinejs");
        response.EnsureSuccessStatusCode();
        var download = await response.Content.ReadAsStringAsync();
        var events = JsonDocument.Parse(download).RootElement.GetProperty("events");
        Assert.True(events.GetArrayLength() >= 10, "the demo timeline's events");

        await using var session = await server.OpenAsync();
        var page = session.Page;
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.RouteAsync($"{Origin}/**", async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            if (path == "/")
            {
                await route.FulfillAsync(new() { ContentType = "text/html", Body = Html });
            }
            else if (path == "/favicon.ico")
            {
                await route.FulfillAsync(new() { Status = 204 });
            }
            else if (path == "/download.json")
            {
                await route.FulfillAsync(new() { ContentType = "application/json", Body = download });
            }
            else
            {
                var file = Path.Combine(Project, "node_modules", "@knight-lab", "timelinejs", path.TrimStart('/'));
                await route.FulfillAsync(File.Exists(file) ? new() { Path = file } : new() { Status = 404 });
            }
        });

        // Nothing leaves the machine: TimelineJS's stylesheet asks Google for its web fonts, answered here with nothing
        // (the text falls back to the browser's fonts); any other request outside the page's origin fails the test.
        var outside = new List<string>();
        await page.RouteAsync(url => !url.StartsWith(Origin + "/", StringComparison.Ordinal), async route =>
        {
            if (new Uri(route.Request.Url).Host == "fonts.gstatic.com")
            {
                await route.FulfillAsync(new() { Status = 204 });
                return;
            }

            outside.Add(route.Request.Url);
            await route.AbortAsync();
        });
        await page.GotoAsync(Origin + "/");
        var slides = page.Locator("#timeline-embed .tl-slide:not(.tl-slide-titleslide)");
        await Expect(slides).ToHaveCountAsync(events.GetArrayLength());
        var ids = await page.EvaluateAsync<string[]>("() => window.timeline.config.events.map(e => e.unique_id)");
        Assert.Equal(events.EnumerateArray().Select(e => e.GetProperty("unique_id").GetString()!).Order(), ids.Order());
        var first = events[0];
        await Expect(page.Locator("#timeline-embed")).ToContainTextAsync(first.GetProperty("display_date").GetString()!);
        Assert.True(errors.Count == 0, "errors in the page: " + string.Join("\n", errors.Concat(outside)));
    }

    private static async Task InstallAsync()
    {
        // install.sh: npm ci once for every test assembly that needs the packages (they take turns).
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("install.sh");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"tests/export-checks/install.sh failed:\n{await output}\n{await error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Timeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Timeline.sln not found above " + AppContext.BaseDirectory);
    }
}
