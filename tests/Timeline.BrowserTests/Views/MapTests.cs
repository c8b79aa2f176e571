using System.Globalization;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The map beside the chart, on the demo timeline: places as precisely as the seed article says.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MapTests(PageServer server)
{
    private async Task<BrowserPage> MapAsync()
    {
        var session = await server.SignedInAsync();
        await Expect(session.Page.Locator("#timeline-chart")).ToHaveAttributeAsync("data-complete", "true");
        await Expect(session.Page.Locator(".timeline-map__summary")).Not.ToContainTextAsync("Loading");
        return session;
    }

    [Fact]
    public async Task Each_place_is_drawn_as_precisely_as_its_source_says_and_events_without_one_are_counted()
    {
        await using var session = await MapAsync();
        var page = session.Page;
        var all = (await server.Admin.GetJsonAsync("/api/timeline?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var placed = all.Count(e => e.GetProperty("places").GetArrayLength() > 0);
        Assert.True(placed > 0 && placed < all.Count, "the demo has events with and without places");

        await Expect(page.Locator(".timeline-map__summary")).ToHaveTextAsync(
            $"{placed} events on the map; {(all.Count - placed).ToString(CultureInfo.InvariantCulture)} events have no place and are not shown.");
        // Vladivostok "city" within 15 km: a circle of its radius; Russia, named only as the country: its outline; the rail crossing, near: a circle too.
        await Expect(page.Locator("path.timeline-map__circle.place-vladivostok")).ToHaveCountAsync(1);
        await Expect(page.Locator("path.timeline-map__area.place-ru")).ToHaveCountAsync(1);
        await Expect(page.Locator("path.timeline-map__circle.place-tumangang-khasan-crossing")).ToHaveCountAsync(1);
        await Expect(page.Locator(".leaflet-tile")).ToHaveCountAsync(0);
        await Expect(page.Locator("path.timeline-map__country").First).ToBeAttachedAsync();

        // A click on the mark (dispatched to it: at this zoom the circle lies inside Russia's outline).
        await page.Locator("path.place-vladivostok").DispatchEventAsync("click");
        var listed = page.Locator(".timeline-map__listed");
        var atVladivostok = all.Count(e => e.GetProperty("places").EnumerateArray().Any(p => p.GetProperty("place").GetString() == "vladivostok"));
        await Expect(listed).ToContainTextAsync($"Vladivostok: {atVladivostok} event{(atVladivostok == 1 ? "" : "s")}");
        await Expect(listed.GetByRole(AriaRole.Link, new() { Name = "White House promises intelligence and satellite imagery of DPRK troop movements" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("map");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Only_what_the_map_shows_becomes_the_bbox_filter_of_the_address_and_the_list()
    {
        await using var session = await MapAsync();
        var page = session.Page;
        // Zoomed to Vladivostok: the box holds the city's circle and Russia's outline, not the rail crossing's 20 km.
        await page.GotoAsync("/?bbox=131.5,42.9,132.5,43.5");
        await Expect(page.Locator("#map-only-box")).ToBeCheckedAsync();
        await Expect(page.Locator("#timeline-chart")).ToHaveAttributeAsync("data-complete", "true");
        var inBox = await server.Admin.TimelineTitlesAsync("bbox=131.5,42.9,132.5,43.5");
        Assert.Contains("White House promises intelligence and satellite imagery of DPRK troop movements", inBox);
        Assert.DoesNotContain("Unprecedented rail traffic between DPRK and Russia", inBox);
        foreach (var title in inBox)
        {
            await Expect(page.Locator("li.event", new() { HasText = title }).First).ToBeVisibleAsync();
        }

        await Expect(page.Locator("li.event", new() { HasText = "Unprecedented rail traffic between DPRK and Russia" })).ToHaveCountAsync(0);

        await page.Locator("#map-only-box").UncheckAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("bbox="));
        await Expect(page.Locator("li.event", new() { HasText = "Unprecedented rail traffic between DPRK and Russia" }).First).ToBeVisibleAsync();
        await page.Locator("#map-only-box").CheckAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("bbox=-?[0-9.]+(%2C|,)"));
        session.AssertNoScriptErrors();
    }
}
