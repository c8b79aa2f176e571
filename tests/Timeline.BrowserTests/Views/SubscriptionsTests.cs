using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class SubscriptionsTests(PageServer server)
{
    [Fact]
    public async Task The_callers_subscriptions_are_listed_deleted_and_a_webhooks_delivery_log_read_and_redelivered()
    {
        var hook = await server.Admin.PostJsonAsync("/api/subscriptions", new
        {
            name = "Browser: webhook log", filter = new { tag = new[] { "webhook-log" } }, webhookUrl = "http://127.0.0.1:9/hook",
        });
        var hookId = Guid.Parse(hook.GetProperty("id").GetString()!);
        var doomed = await server.Admin.PostJsonAsync("/api/subscriptions", new { name = "Browser: to delete", filter = new { actor = new[] { "CN" } } });
        var doomedId = doomed.GetProperty("id").GetString()!;

        // An event the webhook's filter matches raises an alert; two attempts to deliver it are in its log.
        await server.Admin.RecordEventAsync("Webhook log: a matching event", "2024-11-12", tags: ["webhook-log"]);
        var alert = await WaitForAlertAsync(hookId);
        var now = DateTimeOffset.UtcNow;
        var failed = Guid.CreateVersion7();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            db.Deliveries.Add(new Delivery { Id = Guid.CreateVersion7(), AlertId = alert.Id, SubscriptionId = hookId, Attempt = 1, AttemptedAt = now.AddMinutes(-6), StatusCode = 200, DurationMs = 41, Succeeded = true });
            db.Deliveries.Add(new Delivery { Id = failed, AlertId = alert.Id, SubscriptionId = hookId, Attempt = 2, AttemptedAt = now.AddMinutes(-1), StatusCode = 503, DurationMs = 120, Succeeded = false });
            await db.SaveChangesAsync();
        }

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscriptions", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Subscriptions");
        var listed = (await server.Admin.GetJsonAsync("/api/subscriptions")).EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();
        await Expect(page.Locator("#subscription-list > li h2")).ToHaveTextAsync(listed);
        var item = page.Locator("#subscription-list > li").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Browser: webhook log" }) });
        await Expect(item).ToContainTextAsync("tag=webhook-log");
        await Expect(item).ToContainTextAsync("http://127.0.0.1:9/hook");

        // The delivery log, newest attempt first, success and failure in words (not colour alone).
        var log = item.GetByRole(AriaRole.Button, new() { Name = "Delivery log" });
        await log.ClickAsync();
        await Expect(log).ToHaveAttributeAsync("aria-expanded", "true");
        var rows = item.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("failed: HTTP 503");
        await Expect(rows.Nth(1)).ToContainTextAsync("delivered (200)");
        await Expect(rows.Nth(0)).ToContainTextAsync("New event");
        await session.ScreenshotAsync("subscriptions");

        // Redelivering the failed attempt makes the alert due again, with the same webhook-id.
        await rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Redeliver attempt 2" }).ClickAsync();
        await Expect(item).ToContainTextAsync($"will be sent again with the same webhook-id ({alert.MessageId})");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            Assert.Equal(AlertDelivery.Pending, await db.Alerts.Where(a => a.Id == alert.Id).Select(a => a.DeliveryState).SingleAsync());
        }

        // Deleting asks once more, then the subscription is gone, from the page and from the API.
        var gone = page.Locator("#subscription-list > li").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Browser: to delete" }) });
        await gone.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await gone.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(gone).ToBeVisibleAsync();
        await gone.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await gone.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(gone).ToHaveCountAsync(0);
        await Expect(page.Locator("#announcer")).ToHaveTextAsync("Subscription “Browser: to delete” deleted.");
        using var after = await server.Admin.GetAsync($"/api/subscriptions/{doomedId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, after.StatusCode);
        session.AssertNoScriptErrors();
    }

    private async Task<Alert> WaitForAlertAsync(Guid subscription)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            if (await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.SubscriptionId == subscription) is { } alert)
            {
                return alert;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no alert was raised for the webhook subscription");
    }
}
