using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>The page's actor pickers find actors by any of their names, in any script, through the API's search.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActorSearchTests(PageServer server)
{
    [Fact]
    public async Task The_event_forms_actors_are_found_by_a_name_written_in_another_script()
    {
        var code = await RecordActorAsync("최선희");
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");

        await page.Locator("#actors-search").FillAsync("Choe Son Hui");

        // The actor recorded only in Hangul comes first, the name that matched beside it.
        var first = page.Locator("#actors li:not([hidden])").First;
        await Expect(first.Locator("input[type=checkbox]")).ToHaveValueAsync(code);
        await Expect(page.Locator("#actors-search-status")).ToContainTextAsync("found");
        await first.Locator("input[type=checkbox]").CheckAsync();
        await page.Locator("#actors-search").FillAsync("");
        await Expect(page.Locator($"#actor-{code}")).ToBeCheckedAsync();
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_timelines_actor_filter_finds_an_actor_by_a_name_written_in_another_script()
    {
        var code = await RecordActorAsync("Шойгу Сергей Кужугетович");
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await page.Locator("details.choices summary", new() { HasText = "Actors" }).ClickAsync();

        await page.Locator("#f-actor-search").FillAsync("Sergei Shoigu");

        var first = page.Locator("details.choices li:not([hidden])").First;
        await Expect(first.Locator("input[type=checkbox]")).ToHaveValueAsync(code);
        session.AssertNoScriptErrors();
    }

    private async Task<string> RecordActorAsync(string name)
    {
        var code = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await server.Admin.PostJsonAsync("/api/actors", new { code, name, kind = "person" });
        return code;
    }
}
