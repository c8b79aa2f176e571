using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The timeline view's Download menu: each format, for the filters in the address, saved as the API names it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DownloadMenuTests(PageServer server)
{
    private const string Filters = "actor=KP&type=military.*&order=desc";

    [Fact]
    public async Task Each_format_downloads_the_current_filters_under_the_apis_file_name()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GotoAsync($"/?{Filters}#/");
        await Expect(page.Locator("#timeline-groups li.event").First).ToBeVisibleAsync();
        // Named "Download" alone: the arrow after it is decoration.
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true });
        var menu = page.GetByRole(AriaRole.Menu);

        // By keyboard: Enter opens it on its first item, the arrows move, Escape closes it and focus goes back.
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem).First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "TimelineJS" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToBeHiddenAsync();
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(button).ToBeFocusedAsync();

        foreach (var (format, label) in new[] { ("csv", "CSV"), ("ndjson", "NDJSON"), ("ftm", "FollowTheMoney"), ("geojson", "GeoJSON"), ("timelinejs", "TimelineJS") })
        {
            await button.ClickAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Menuitem, new() { Name = label }).ClickAsync());
            using var answer = await server.Admin.GetAsync($"/api/timeline/download?format={format}&{Filters}");
            answer.EnsureSuccessStatusCode();
            var expectedName = answer.Content.Headers.ContentDisposition?.FileNameStar ?? answer.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            Assert.False(string.IsNullOrEmpty(expectedName), "the API named no file");
            Assert.Equal(expectedName, download.SuggestedFilename);
            var expected = await answer.Content.ReadAsByteArrayAsync();
            Assert.True(expected.Length > 100, $"the {format} download is nearly empty");
            var saved = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal(expected, saved);
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Downloaded" })).ToHaveTextAsync($"Downloaded {expectedName}.");
        }

        session.AssertNoScriptErrors();
    }
}
