using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class RelatedEventsFormTests(PageServer server)
{
    [Fact]
    public async Task Related_events_are_added_by_title_or_id_and_removed_through_the_form()
    {
        var denial = (await server.Admin.RecordEventAsync("Kremlin denies the Tumannaya deployment", "2024-11-06", actors: ["RU"])).GetProperty("id").GetString()!;
        var imagery = (await server.Admin.RecordEventAsync("Satellite imagery shows a Tumannaya staging camp", "2024-11-08", actors: ["KP", "RU"])).GetProperty("id").GetString()!;
        var id = (await server.Admin.RecordEventAsync("Tumannaya deployment reported by Ukrainian intelligence", "2024-11-04", actors: ["KP", "RU", "UA"])).GetProperty("id").GetString()!;

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/events/{id}/amend");

        // Found by words of its title: the event itself is not offered.
        var search = page.GetByLabel("Add a related event");
        await search.FillAsync("Tumannaya");
        await search.PressAsync("Enter");
        var results = page.Locator("#related-results li");
        await Expect(page.Locator("#related-status")).ToContainTextAsync("events match; choose one to add.");
        await Expect(results.Filter(new() { HasText = "Tumannaya deployment reported by Ukrainian intelligence" })).ToHaveCountAsync(0);
        await page.GetByLabel("How the event you add relates").SelectOptionAsync("contradicts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add “Kremlin denies the Tumannaya deployment”" }).ClickAsync();
        await Expect(page.Locator("#related-status")).ToHaveTextAsync("Added “Kremlin denies the Tumannaya deployment”: this event contradicts it.");
        await Expect(search).ToBeFocusedAsync();

        // Or by its id, pasted.
        await page.GetByLabel("How the event you add relates").SelectOptionAsync("confirms");
        await search.FillAsync(imagery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        var rows = page.Locator("#related-rows li");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Kremlin denies the Tumannaya deployment", "Satellite imagery shows a Tumannaya staging camp"]);
        // Adding one twice is refused, and said.
        await search.FillAsync(imagery);
        await search.PressAsync("Enter");
        await Expect(page.Locator("#related-status")).ToHaveTextAsync("“Satellite imagery shows a Tumannaya staging camp” is already related.");
        await Expect(rows).ToHaveCountAsync(2);

        var request = page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/events/{id}", StringComparison.Ordinal) && r.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        using (var body = JsonDocument.Parse((await request).PostData!))
        {
            Assert.Equal(["related"], body.RootElement.EnumerateObject().Select(p => p.Name));
        }

        // On the event page as links, by title; and in the API with their relations.
        await Expect(page.Locator("#related li a")).ToHaveTextAsync(["Kremlin denies the Tumannaya deployment", "Satellite imagery shows a Tumannaya staging camp"]);
        await Expect(page.Locator("#related li .relation")).ToHaveTextAsync(["Contradicts", "Confirms"]);
        await Expect(page.Locator("#related li a").First).ToHaveAttributeAsync("href", $"#/events/{denial}");
        var related = (await server.Admin.GetJsonAsync($"/api/events/{id}")).GetProperty("related").EnumerateArray()
            .Select(r => (r.GetProperty("eventId").GetString(), r.GetProperty("relation").GetString())).ToList();
        Assert.Equal([(denial, "contradicts"), (imagery, "confirms")], related);

        // Removed again by keyboard: focus goes on to the next row.
        await page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" }).ClickAsync();
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove related event Kremlin denies the Tumannaya deployment" });
        await remove.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("How this event relates to Satellite imagery shows a Tumannaya staging camp")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();

        await Expect(page.Locator("#related li a")).ToHaveTextAsync(["Satellite imagery shows a Tumannaya staging camp"]);
        var left = (await server.Admin.GetJsonAsync($"/api/events/{id}")).GetProperty("related").EnumerateArray()
            .Select(r => (r.GetProperty("eventId").GetString(), r.GetProperty("relation").GetString())).ToList();
        Assert.Equal([(imagery, "confirms")], left);
        session.AssertNoScriptErrors();
    }
}
