using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class EventFormTests(PageServer server)
{
    [Fact]
    public async Task An_editor_records_an_event_through_the_form()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Record an event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Record an event");

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("North Korean troops seen near Kursk");
        var date = page.GetByLabel("When it happened (EDTF)");
        // Checked and said back in words as it is typed.
        await date.PressSequentiallyAsync("2024-11-0");
        await Expect(page.Locator("#occurred-words")).ToHaveTextAsync("Not a date yet: day must be written with two digits, not '0'");
        await date.PressSequentiallyAsync("4?");
        await Expect(page.Locator("#occurred-words")).ToHaveTextAsync("Reads as: 4 Nov 2024?");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("military.deployment");
        await page.GetByLabel("Status").SelectOptionAsync("reported");
        await page.Locator("#actor-KP").CheckAsync();
        await page.Locator("#actor-RU").CheckAsync();
        await page.Locator("#actor-UA").CheckAsync();
        await page.GetByLabel("Tags").FillAsync("troops, Kursk");
        await page.GetByLabel("Summary").FillAsync("Ukrainian intelligence reports DPRK units moving to the front.");

        // Two sources added, one removed again.
        var rows = page.Locator(".source-row");
        await rows.Nth(0).GetByLabel("Address (URL)").FillAsync("https://example.org/first");
        await rows.Nth(0).GetByLabel("Source title").FillAsync("A first report");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a source" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await rows.Nth(1).GetByLabel("Address (URL)").FillAsync("https://example.org/units-sighted");
        await rows.Nth(1).GetByLabel("Source title").FillAsync("Units sighted");
        await rows.Nth(1).GetByLabel("Publisher").FillAsync("Example News");
        await rows.Nth(1).GetByLabel("Published on").FillAsync("2024-11-05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove source 1" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Nth(0).Locator("legend")).ToHaveTextAsync("Source 1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).Fragment.StartsWith("#/events/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("North Korean troops seen near Kursk");
        await Expect(page.Locator(".event-page .event__date .date")).ToHaveTextAsync("4 Nov 2024?");
        await Expect(page.Locator("#sources li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#sources li")).ToContainTextAsync("Units sighted — Example News, 5 Nov 2024");

        // Recorded as the form said, once.
        var id = new Uri(page.Url).Fragment["#/events/".Length..];
        var recorded = await server.Admin.GetJsonAsync($"/api/events/{id}");
        Assert.Equal("2024-11-04?", recorded.GetProperty("occurred").GetString());
        Assert.Equal(["KP", "RU", "UA"], recorded.GetProperty("actors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["troops", "kursk"], recorded.GetProperty("tags").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("https://example.org/units-sighted", recorded.GetProperty("sources")[0].GetProperty("url").GetString());
        Assert.Single(await server.Admin.TimelineTitlesAsync("q=Kursk"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_servers_validation_errors_are_shown_beside_their_fields()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("A report with a bad date");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-13");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("statement");
        await page.Locator("#actor-KP").CheckAsync();
        var source = page.Locator(".source-row").First;
        await source.GetByLabel("Address (URL)").FillAsync("not a web address");
        await source.GetByLabel("Source title").FillAsync("Somewhere");

        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/events", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        var response = await answer;
        Assert.Equal(400, response.Status);
        var problem = await response.JsonAsync();
        var errors = problem!.Value.GetProperty("errors");
        Assert.True(errors.TryGetProperty("occurred", out _), problem.Value.ToString());
        Assert.True(errors.TryGetProperty("sources[0].url", out _), problem.Value.ToString());

        // Each error beside its field, tied to it by aria-describedby.
        var date = page.GetByLabel("When it happened (EDTF)");
        await Expect(date).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(date).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("month must be 01–12, not '13'"));
        await Expect(page.Locator("#occurred-error")).ToHaveTextAsync(errors.GetProperty("occurred")[0].GetString()!);
        var url = source.GetByLabel("Address (URL)");
        await Expect(url).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(url).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("is not an absolute http or https URL"));
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("The event was not recorded");
        await Expect(page.Locator(".error-summary li")).ToHaveCountAsync(2);
        await Expect(date).ToBeFocusedAsync();
        await session.ScreenshotAsync("form-error", fullPage: true);

        // Corrected, it is recorded.
        await date.FillAsync("2024-12~");
        await url.FillAsync("https://example.org/somewhere");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("A report with a bad date");
        await Expect(page.Locator(".event-page .event__date .date")).ToHaveTextAsync("c. Dec 2024");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_stale_amendment_is_explained_and_the_users_edits_are_kept()
    {
        var recorded = await server.Admin.RecordEventAsync("Russia denies DPRK troop presence", "2024-10-24", actors: ["RU", "KP"], summary: "The Kremlin calls the reports fake.");
        var id = recorded.GetProperty("id").GetString()!;

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/events/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Amend an event");
        var title = page.GetByLabel("Title", new() { Exact = true });
        await Expect(title).ToHaveValueAsync("Russia denies DPRK troop presence");

        // Meanwhile a colleague confirms it and adds a tag (version 2).
        await server.Admin.AmendAsync(id, 1, new { status = "confirmed", tags = new[] { "denial" } });

        // The user, still at version 1, edits the title and the summary and saves.
        await title.FillAsync("Russia denies DPRK troops are on its soil");
        await page.GetByLabel("Summary").FillAsync("The Kremlin calls the reports fake news.");
        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith($"/api/events/{id}", StringComparison.Ordinal) && r.Request.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        Assert.Equal(412, (await answer).Status);

        var conflict = page.Locator("#conflict");
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict).ToContainTextAsync("This event changed while you were editing it");
        await Expect(conflict).ToContainTextAsync("it was made to version 1, and admin saved version 2");
        await Expect(conflict.Locator("#conflict-changes li")).ToHaveTextAsync(["Status: reported → confirmed", "Tags: added denial"]);
        await Expect(conflict).ToContainTextAsync("None of the fields you changed were changed by them.");
        await Expect(conflict).ToBeFocusedAsync();
        // The user's edits are kept; what they did not touch now shows the newer version.
        await Expect(title).ToHaveValueAsync("Russia denies DPRK troops are on its soil");
        await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("The Kremlin calls the reports fake news.");
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("confirmed");
        await Expect(page.GetByLabel("Tags")).ToHaveValueAsync("denial");
        await session.ScreenshotAsync("stale-amendment", fullPage: true);

        // Saving again applies the edits to version 2 without undoing the colleague's change.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my edits to version 2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Russia denies DPRK troops are on its soil");
        var amended = await server.Admin.GetJsonAsync($"/api/events/{id}");
        Assert.Equal(3, amended.GetProperty("version").GetInt32());
        Assert.Equal("confirmed", amended.GetProperty("status").GetString());
        Assert.Equal(["denial"], amended.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("The Kremlin calls the reports fake news.", amended.GetProperty("summary").GetString());
        await Expect(page.Locator("#history > li")).ToHaveCountAsync(3);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_amendment_sends_only_what_changed()
    {
        var recorded = await server.Admin.RecordEventAsync("China abstains on DPRK statement", "2024-11-02", actors: ["CN", "UN"]);
        var id = recorded.GetProperty("id").GetString()!;
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync($"#/events/{id}/amend");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-11-01/2024-11-03");
        await Expect(page.Locator("#occurred-words")).ToHaveTextAsync("Reads as: 1–3 Nov 2024");

        var request = page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/events/{id}", StringComparison.Ordinal) && r.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        var sent = await request;
        Assert.Equal("\"1\"", await sent.HeaderValueAsync("if-match"));
        Assert.StartsWith("application/merge-patch+json", await sent.HeaderValueAsync("content-type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(sent.PostData!);
        Assert.Equal(["occurred"], body.RootElement.EnumerateObject().Select(p => p.Name));
        await Expect(page.Locator(".event-page .event__date .date")).ToHaveTextAsync("1–3 Nov 2024");
        session.AssertNoScriptErrors();
    }
}
