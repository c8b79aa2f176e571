using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The event form's places: picked by name in any script, or by a click on the map of recorded places.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaceFormTests(PageServer server)
{
    [Fact]
    public async Task An_editor_places_an_event_by_a_name_in_Cyrillic_and_by_a_click_on_the_map_with_its_precision()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Troop train crosses into Russia");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10~");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("military.deployment");
        await page.Locator("#actor-KP").CheckAsync();
        await page.Locator("#actor-RU").CheckAsync();
        var source = page.Locator(".source-row").Nth(0);
        await source.GetByLabel("Address (URL)").FillAsync("https://example.org/train");
        await source.GetByLabel("Source title").FillAsync("A train at Khasan");

        // By name: the Russian spelling finds the city; it is placed "in the city", within 15 km.
        await page.Locator("#place-search").FillAsync("Владивосток");
        await page.Locator("#place-find").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Vladivostok" }).ClickAsync();
        var city = page.Locator(".place-row[data-place='vladivostok']");
        await Expect(city.GetByLabel("How precisely the source places it at Vladivostok")).ToHaveValueAsync("city");
        await city.GetByLabel("Within how many km of Vladivostok (optional)").FillAsync("15");
        await city.GetByLabel("Role of Vladivostok").SelectOptionAsync("destination");

        // By a click on the map: the rail crossing, near it.
        await page.Locator("#place-picker path.place-tumangang-khasan-crossing").DispatchEventAsync("click");
        var crossing = page.Locator(".place-row[data-place='tumangang-khasan-crossing']");
        await Expect(crossing).ToHaveCountAsync(1);
        await crossing.GetByLabel("How precisely the source places it at Tumangang–Khasan rail crossing").SelectOptionAsync("near");
        await crossing.GetByLabel("Role of Tumangang–Khasan rail crossing").SelectOptionAsync("route");
        await session.ScreenshotAsync("event-form-places");

        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Fragment.StartsWith("#/events/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        var id = new Uri(page.Url).Fragment["#/events/".Length..];
        var places = (await server.Admin.GetJsonAsync($"/api/events/{id}")).GetProperty("places").EnumerateArray()
            .Select(p => (p.GetProperty("place").GetString(), p.GetProperty("role").GetString(), p.GetProperty("precision").GetString(),
                p.GetProperty("uncertaintyKm").ValueKind == System.Text.Json.JsonValueKind.Number ? p.GetProperty("uncertaintyKm").GetDouble() : (double?)null))
            .ToList();
        Assert.Equal([("vladivostok", "destination", "city", 15.0), ("tumangang-khasan-crossing", "route", "near", null)], places);
        session.AssertNoScriptErrors();
    }
}
