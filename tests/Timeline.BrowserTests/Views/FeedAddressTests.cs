using System.Net;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>
/// Addresses for a calendar and a feed reader: the page mints a feed token and shows the address with it, which then
/// works with no key at all; a saved timeline's view downloads and subscribes through its own endpoints.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FeedAddressTests(PageServer server)
{
    [Fact]
    public async Task Add_follow_ups_to_a_calendar_shows_an_address_that_a_calendar_reads_without_a_key()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await session.GoAsync("#/follow-ups");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add follow-ups to a calendar" }).ClickAsync();

        var address = page.GetByRole(AriaRole.Textbox, new() { Name = "Add follow-ups to a calendar: the address", Exact = true });
        // Minting waits on the server, which on a loaded machine can take longer than an assertion's usual 5 s.
        await Expect(address).ToBeFocusedAsync(new() { Timeout = 15_000 });
        var url = await address.InputValueAsync();
        Assert.StartsWith(new Uri(server.BaseAddress, "/api/follow-ups.ics?token=").ToString(), url, StringComparison.Ordinal);
        var webcal = await page.GetByRole(AriaRole.Textbox, new() { Name = "The same for a calendar app (webcal)", Exact = true }).InputValueAsync();
        Assert.Equal("webcal:" + url["http:".Length..], webcal);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open in the calendar app" })).ToHaveAttributeAsync("href", webcal);

        // Copy puts the address on the clipboard.
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy Add follow-ups to a calendar: the address" }).ClickAsync();
        Assert.Equal(url, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // A calendar fetches it with no Authorization header, and gets the follow-ups.
        using var calendar = new HttpClient();
        using (var answer = await calendar.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("text/calendar", answer.Content.Headers.ContentType?.MediaType);
            var ics = await answer.Content.ReadAsStringAsync();
            Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
            Assert.Contains("DPRK and Russia hold the first joint exercise under the treaty", ics, StringComparison.Ordinal);
        }

        // The token is the caller's, named for a calendar and the day, and opens the calendar only: no timeline's feed.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tokens = (await server.Admin.GetJsonAsync("/api/feed-tokens")).EnumerateArray()
            .Select(t => (Name: t.GetProperty("name").GetString(), Scope: t.GetProperty("scope").GetString())).ToList();
        Assert.Contains(($"calendar {today}", "calendar"), tokens);
        var token = new Uri(url).Query["?token=".Length..];
        using (var feed = await calendar.GetAsync(new Uri(server.BaseAddress, $"/api/timelines/no-such-timeline/feed.atom?token={token}")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, feed.StatusCode);
        }

        // Stopping it makes the address fail.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop this address working" }).ClickAsync();
        await Expect(page.GetByText($"The address “calendar {today}” no longer works.")).ToBeVisibleAsync();
        using (var after = await calendar.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_saved_timelines_view_lists_downloads_and_subscribes_to_its_own_events()
    {
        const string slug = "browser-dprk-military";
        using (var exists = await server.Admin.GetAsync($"/api/timelines/{slug}"))
        {
            if (exists.StatusCode == HttpStatusCode.NotFound)
            {
                await server.Admin.PostJsonAsync("/api/timelines", new { slug, title = "DPRK military", filter = new { actor = new[] { "KP" }, type = new[] { "military.*" } } });
            }
        }

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Saved timelines" }).GetByRole(AriaRole.Link, new() { Name = "DPRK military" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("DPRK military");
        Assert.EndsWith($"/?timeline={slug}#/", page.Url, StringComparison.Ordinal);

        // Its events, as the API runs it; its filter shown in the form.
        var expected = (await server.Admin.GetJsonAsync($"/api/timelines/{slug}/events?limit=500")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("title").GetString()!).ToArray();
        Assert.NotEmpty(expected);
        await Expect(page.Locator("#timeline-groups li.event h4")).ToHaveTextAsync(expected);
        await Expect(page.Locator("#f-type")).ToHaveValueAsync("military.*");
        await Expect(page.Locator("#f-actor-KP")).ToBeCheckedAsync();

        // Its download is the saved timeline's own, named by its slug.
        await page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Menuitem, new() { Name = "CSV" }).ClickAsync());
        using (var answer = await server.Admin.GetAsync($"/api/timelines/{slug}/download?format=csv"))
        {
            Assert.Equal(answer.Content.Headers.ContentDisposition?.FileNameStar ?? answer.Content.Headers.ContentDisposition?.FileName?.Trim('"'), download.SuggestedFilename);
            Assert.StartsWith(slug, download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Equal(await answer.Content.ReadAsByteArrayAsync(), await File.ReadAllBytesAsync(await download.PathAsync()));
        }

        // Subscribe in a feed reader: the Atom feed's address, which works with no key.
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe in a feed reader" }).ClickAsync();
        var feedAddress = page.GetByRole(AriaRole.Textbox, new() { Name = "Subscribe in a feed reader: the address", Exact = true });
        await Expect(feedAddress).ToBeFocusedAsync(new() { Timeout = 15_000 });
        var url = await feedAddress.InputValueAsync();
        Assert.StartsWith(new Uri(server.BaseAddress, $"/api/timelines/{slug}/feed.atom?token=").ToString(), url, StringComparison.Ordinal);
        using (var reader = new HttpClient())
        using (var feed = await reader.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            var atom = System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
            System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
            Assert.Equal(ns + "feed", atom.Root!.Name);
            var entries = atom.Root.Elements(ns + "entry").Select(e => (string?)e.Element(ns + "title")).ToList();
            Assert.NotEmpty(entries);
            Assert.All(entries, title => Assert.Contains(expected, e => title!.Contains(e, StringComparison.Ordinal)));
        }

        // Changing a filter leaves the saved timeline for a view of one's own.
        await page.Locator("#f-status-confirmed").CheckAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Timeline");
        Assert.DoesNotContain("timeline=", page.Url, StringComparison.Ordinal);
        Assert.Contains("status=confirmed", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Subscribe in a feed reader" })).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }
}
