using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Support;

/// <summary>One browser context and its page, with what went wrong in the page's own script collected.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> scriptErrors = [];

    public BrowserPage(IBrowserContext context, IPage page, PageServer server)
    {
        this.context = context;
        Page = page;
        Server = server;
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A failed request is logged by the browser itself ("Failed to load resource: … 400"); tests expect some.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                scriptErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }
    public PageServer Server { get; }

    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("#who-role")).ToContainTextAsync("Signed in · ");
    }

    /// <summary>Goes to a view of the page by its hash route, as a link would.</summary>
    public async Task GoAsync(string hash)
    {
        await Page.EvaluateAsync("hash => { location.hash = hash; }", hash);
        await Expect(Page.Locator("main")).Not.ToHaveAttributeAsync("aria-busy", "true");
    }

    /// <summary>Writes a screenshot of the page to docs/screenshots/&lt;name&gt;.png.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots.Directory, $"{name}.png"), FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>Fails when the page's script threw or logged an error.</summary>
    public void AssertNoScriptErrors() => Assert.True(scriptErrors.Count == 0, "errors in the page: " + string.Join("\n", scriptErrors));

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

public static class Screenshots
{
    /// <summary>docs/screenshots in the repository (found from the test binaries upwards).</summary>
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Timeline.sln")))
            {
                var path = Path.Combine(dir.FullName, "docs", "screenshots");
                System.IO.Directory.CreateDirectory(path);
                return path;
            }
        }

        throw new InvalidOperationException("Timeline.sln not found above " + AppContext.BaseDirectory);
    }
}
