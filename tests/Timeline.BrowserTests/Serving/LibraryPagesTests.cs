using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Serving;

/// <summary>
/// The API reference and the job dashboard run under a policy with <c>script-src</c> (their own scripts and the inline
/// ones they were served with): in a real browser they still work, and nothing they run is refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LibraryPagesTests(PageServer server)
{
    private static async Task<(IBrowserContext Context, IPage Page, List<string> Refused)> OpenAsync(PageServer server, string? key)
    {
        var context = await server.Browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(),
            ExtraHTTPHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                && message.Text.Contains("script", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };
        page.PageError += (_, error) => refused.Add(error);
        return (context, page, refused);
    }

    [Fact]
    public async Task The_API_reference_renders_with_no_script_refused()
    {
        var (context, page, refused) = await OpenAsync(server, null);
        try
        {
            await page.GotoAsync("/docs/v1");
            // Scalar renders the document (its sidebar of tags) from its own script.
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Introduction" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.True(refused.Count == 0, "refused: " + string.Join("\n", refused));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_job_dashboard_renders_with_no_script_refused()
    {
        var (context, page, refused) = await OpenAsync(server, PageServer.AdminKey);
        try
        {
            await page.GotoAsync("/hangfire/recurring");
            await Expect(page.GetByText("follow-up-check").First).ToBeVisibleAsync();
            Assert.True(refused.Count == 0, "refused: " + string.Join("\n", refused));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
