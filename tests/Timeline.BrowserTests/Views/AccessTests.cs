using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class AccessTests(PageServer server)
{
    [Fact]
    public async Task A_key_that_is_not_accepted_is_explained_and_nothing_is_shown()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync("tl_not-a-real-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("That key was not accepted: it is unknown or has been revoked.");
        await Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length + localStorage.length"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_key_stays_in_the_tab_and_out_of_the_address_and_signing_out_forgets_it()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        var requests = new List<IRequest>();
        page.Request += (_, r) => requests.Add(r);
        await session.SignInAsync(PageServer.AdminKey);
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");

        // Every API call carries the key in its Authorization header, none in its address.
        var apiCalls = requests.Where(r => new Uri(r.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        foreach (var call in apiCalls)
        {
            Assert.Equal($"Bearer {PageServer.AdminKey}", await call.HeaderValueAsync("authorization"));
            Assert.DoesNotContain(PageServer.AdminKey, call.Url, StringComparison.Ordinal);
        }

        Assert.Equal(PageServer.AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('timeline.apiKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('timeline.apiKey')"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('timeline.apiKey')"));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_reader_reads_but_is_offered_no_writing()
    {
        var reader = await server.CreateKeyAsync("browser-reader", "reader");
        await using var session = await server.SignedInAsync(reader);
        var page = session.Page;
        await Expect(page.Locator("#who-role")).ToHaveTextAsync("Signed in · reader");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Record an event" })).ToBeHiddenAsync();
        // Being alerted is not writing: a reader subscribes for itself.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Alert me about this view" })).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "US confirms DPRK troops in Russia" }).ClickAsync();
        await Expect(page.Locator("#sources li")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Retract this event")).ToHaveCountAsync(0);

        await session.GoAsync("#/record");
        await Expect(page.Locator("main")).ToContainTextAsync("needs an editor’s key");
        await session.GoAsync("#/follow-ups");
        await Expect(page.Locator("#follow-up-list > li").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Fulfil…")).ToHaveCountAsync(0);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_write_refused_with_403_shows_the_page_as_a_reader_sees_it()
    {
        var reader = await server.CreateKeyAsync("browser-reader-taken-for-an-editor", "reader");
        await using var session = await server.OpenAsync();
        var page = session.Page;
        // The page takes the role from GET /api/me; told "editor" for a reader's key, it offers writing, and the API
        // (answering for real) refuses the write with 403.
        await page.RouteAsync("**/api/me", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = """{"id": "00000000-0000-0000-0000-000000000000", "name": "browser-reader-taken-for-an-editor", "role": "editor"}""",
        }));
        await session.SignInAsync(reader);
        await Expect(page.Locator("#who-role")).ToHaveTextAsync("Signed in · editor");

        await session.GoAsync("#/record");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();

        await Expect(page.Locator("#form-errors")).ToContainTextAsync("The event was not recorded");
        await Expect(page.Locator("#who-role")).ToHaveTextAsync("Signed in · reader");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Record an event" })).ToBeHiddenAsync();
        session.AssertNoScriptErrors();
    }

    [Theory]
    [InlineData("#/")]
    [InlineData("#/record")]
    [InlineData("#/follow-ups")]
    [InlineData("#/alerts")]
    [InlineData("#/subscriptions")]
    public async Task Every_view_has_landmarks_and_a_label_for_every_control(string view)
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync(view);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);

        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, select, textarea, button')]
              .filter(el => el.type !== 'hidden')
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
                            && !(el.tagName === 'BUTTON' && el.textContent.trim()))
              .map(el => el.outerHTML)
            """);
        Assert.Empty(unlabelled);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_page_works_from_the_keyboard()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        // The key field has focus; type and press Enter.
        await Expect(page.GetByLabel("API key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(PageServer.AdminKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline", Level = 1 })).ToBeFocusedAsync();

        // On a fresh load, the skip link comes first.
        await page.ReloadAsync();
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#skip-link")).ToBeFocusedAsync();
        await Expect(page.Locator("#skip-link")).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();

        // Into the text filter, type, Enter: the view changes.
        await page.GetByLabel("Text", new() { Exact = true }).FocusAsync();
        await page.Keyboard.TypeAsync("veto");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).Query == "?q=veto");
        await Expect(page.Locator("#timeline-groups li.event h4")).ToHaveTextAsync(["Russia vetoes at least 13 UN Security Council resolutions in four years"]);

        // Tab reaches the event's link; Enter opens it and focus moves to its heading.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Russia vetoes at least 13 UN Security Council resolutions in four years" });
        for (var i = 0; i < 60 && !await link.EvaluateAsync<bool>("el => el === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(link).ToBeFocusedAsync();
        var outline = await link.EvaluateAsync<string>("el => getComputedStyle(el).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        session.AssertNoScriptErrors();
    }
}
