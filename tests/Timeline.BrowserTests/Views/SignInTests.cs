using System.Net;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

/// <summary>People sign in through the identity provider's own login page; the page never holds a token.</summary>
[Collection(SignInCollection.Name)]
public sealed class SignInTests(SignInServer server)
{
    private static async Task SignInWithProviderAsync(IPage page, string login)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example Identity" }).ClickAsync();
        // The provider's own page, on its own origin.
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#who-role")).ToContainTextAsync("Signed in as ");
    }

    [Fact]
    public async Task A_reader_signs_in_with_the_provider_and_is_offered_no_writing()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        // Those without an account keep the key.
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();

        await SignInWithProviderAsync(page, "rita");

        await Expect(page.Locator("#who-role")).ToHaveTextAsync("Signed in as Rita Reader · reader");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Record an event" })).ToBeHiddenAsync();
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_editor_records_an_event_under_their_name_signs_out_and_may_not_write_after()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        var requests = new List<IRequest>();
        page.Request += (_, r) => requests.Add(r);
        await SignInWithProviderAsync(page, "eddie");
        await Expect(page.Locator("#who-role")).ToHaveTextAsync("Signed in as Eddie Editor · editor");

        // Nothing of the provider's tokens, nor the session cookie, is within reach of the page's script.
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie.split('; ').filter(c => c.startsWith('timeline.session')).join()"));
        Assert.False(await page.EvaluateAsync<bool>(
            "() => [...Object.values(sessionStorage), ...Object.values(localStorage)].some(v => v.includes('eyJ')) || sessionStorage.getItem('timeline.apiKey') !== null"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "timeline.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        await session.GoAsync("#/record");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Editor signed in with the provider records this");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10-23");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("statement");
        await page.GetByLabel("Summary").FillAsync("Recorded through the page with the session cookie.");
        await page.Locator("#actor-KP").CheckAsync();
        await page.Locator(".source-row").Nth(0).GetByLabel("Address (URL)").FillAsync("https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia");
        await page.Locator(".source-row").Nth(0).GetByLabel("Source title").FillAsync("Crossing the Rubicon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Editor signed in with the provider records this");
        await Expect(page.Locator("main")).ToContainTextAsync("by Eddie Editor");
        await session.ScreenshotAsync("sign-in-event-by-person");
        var write = requests.Single(r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/events");
        Assert.Null(await write.HeaderValueAsync("authorization"));
        Assert.False(string.IsNullOrEmpty(await write.HeaderValueAsync("x-timeline-antiforgery")));

        var antiforgery = await write.HeaderValueAsync("x-timeline-antiforgery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example Identity" })).ToBeVisibleAsync();

        // The browser, signed out, is refused a write even with the header it had.
        var status = await page.EvaluateAsync<int>("""
            async token => (await fetch('/api/events', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Timeline-Antiforgery': token },
              body: JSON.stringify({ title: 'after signing out', occurred: '2024', type: 'statement', sources: [] }) })).status
            """, antiforgery);
        Assert.Equal(401, status);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_form_posted_from_another_origin_with_the_session_cookie_is_refused()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await SignInWithProviderAsync(page, "eddie");

        // A second origin (another port on this host: same site, so the SameSite cookie goes along) posts a form here.
        using var other = new HttpListener();
        var port = FreePort();
        other.Prefixes.Add($"http://127.0.0.1:{port}/");
        other.Start();
        var target = new Uri(server.BaseAddress, "/api/events");
        var serve = Task.Run(async () =>
        {
            var context = await other.GetContextAsync();
            var html = $"""
                <!doctype html><form id="f" method="post" action="{target}"><input name="title" value="forged"></form>
                <script>document.getElementById('f').submit()</script>
                """;
            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });
        var answer = page.WaitForResponseAsync(r => r.Url == target.ToString() && r.Request.Method == "POST");
        await page.GotoAsync($"http://127.0.0.1:{port}/");
        await serve;
        var response = await answer;

        Assert.Equal(403, response.Status);
        Assert.Contains("X-Timeline-Antiforgery", await response.TextAsync(), StringComparison.Ordinal);
        var found = await server.Admin.GetStringAsync("/api/timeline?q=forged");
        Assert.DoesNotContain("forged", found, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_runs_the_team_from_the_page_minting_a_key_and_revoking_it_when_asked_twice()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await SignInWithProviderAsync(page, "ada");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events");
        await page.GetByRole(AriaRole.Link, new() { Name = "Team", Exact = true }).ClickAsync();
        await Expect(page.Locator("#people-table")).ToContainTextAsync("Ada Admin");
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("person.first-seen");

        await page.GetByLabel("Key name").FillAsync("team-script");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mint a key" }).ClickAsync();
        await Expect(page.Locator("#minted-key code")).ToContainTextAsync("tl_");
        var row = page.Locator("#key-table tbody tr", new() { HasText = "team-script" });
        await Expect(row).ToContainTextAsync("editor");
        await session.ScreenshotAsync("team", fullPage: true);

        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveTextAsync("Really revoke “team-script”?");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        var keys = await server.Admin.GetStringAsync("/api/keys");
        Assert.DoesNotContain("team-script", keys, StringComparison.Ordinal);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_sign_in_without_the_role_claim_is_refused_and_the_page_names_the_claim()
    {
        await using var session = await server.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example Identity" }).ClickAsync();
        await page.Locator("input[name=login]").FillAsync("nora");
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("sent no “roles” claim");
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("Timeline:Oidc:RoleClaim");
        Assert.Equal("", new Uri(page.Url).Query);
        await Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
        session.AssertNoScriptErrors();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
