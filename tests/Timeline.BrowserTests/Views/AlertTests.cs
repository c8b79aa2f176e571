using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class AlertTests(PageServer server)
{
    [Fact]
    public async Task An_alert_arrives_live_from_the_stream_and_the_count_goes_up_without_a_reload()
    {
        await server.Admin.PostJsonAsync("/api/subscriptions", new { name = "Browser: live alerts", filter = new { tag = new[] { "live-alert" } } });

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var badge = page.Locator("#alert-badge");
        await Expect(page.Locator("#alerts-link")).ToHaveAttributeAsync("data-alerts-state", "live");
        await Expect(badge).ToBeHiddenAsync();
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // Another analyst records a matching event through the API.
        await server.Admin.RecordEventAsync("DPRK artillery crews seen in Kursk region", "2024-11-06", tags: ["live-alert"]);
        await Expect(badge).ToBeVisibleAsync();
        await Expect(badge).ToHaveTextAsync("1");
        await Expect(badge).ToHaveAttributeAsync("aria-label", "1 unread");
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("New alert: New event: DPRK artillery crews seen in Kursk region");

        // A second one, and its amendment: the count follows.
        var second = await server.Admin.RecordEventAsync("DPRK engineers seen in Kursk region", "2024-11-07", tags: ["live-alert"]);
        await server.Admin.AmendAsync(second.GetProperty("id").GetString()!, 1, new { status = "confirmed" });
        await Expect(badge).ToHaveTextAsync("3");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");

        // The alerts view lists them, newest first, and reading them clears the count.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        var alerts = page.Locator("#alert-list > li");
        await Expect(alerts.Locator(".alert__kind")).ToContainTextAsync(["Event amended", "New event", "New event"]);
        await Expect(alerts.First.GetByRole(AriaRole.Link)).ToHaveTextAsync("DPRK engineers seen in Kursk region");
        await Expect(badge).ToBeHiddenAsync();
        await session.ScreenshotAsync("alerts");

        // While the view is open, a new alert appears at its top.
        await server.Admin.RecordEventAsync("DPRK drivers seen in Kursk region", "2024-11-08", tags: ["live-alert"]);
        await Expect(alerts.First.GetByRole(AriaRole.Link)).ToHaveTextAsync("DPRK drivers seen in Kursk region");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task After_a_reload_the_stream_resumes_from_the_last_alert_seen()
    {
        await server.Admin.PostJsonAsync("/api/subscriptions", new { name = "Browser: resume", filter = new { tag = new[] { "resume-alert" } } });
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var badge = page.Locator("#alert-badge");
        await Expect(page.Locator("#alerts-link")).ToHaveAttributeAsync("data-alerts-state", "live");
        await server.Admin.RecordEventAsync("Resume: first", "2024-11-09", tags: ["resume-alert"]);
        await Expect(badge).ToHaveTextAsync("1");

        // Closed for a moment: what happens meanwhile is delivered when the page is back (Last-Event-ID).
        var resumed = page.WaitForRequestAsync(r => r.Url.EndsWith("/api/alerts/stream", StringComparison.Ordinal));
        await page.GotoAsync("about:blank");
        await server.Admin.RecordEventAsync("Resume: second", "2024-11-10", tags: ["resume-alert"]);
        await page.GoBackAsync();
        var request = await resumed;
        Assert.NotNull(await request.HeaderValueAsync("last-event-id"));
        await Expect(badge).ToHaveTextAsync("2");
        session.AssertNoScriptErrors();
    }
}
