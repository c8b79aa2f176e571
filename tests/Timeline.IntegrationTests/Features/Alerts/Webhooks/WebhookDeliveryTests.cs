using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

public sealed class WebhookDeliveryTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Fact]
    public async Task A_failed_attempt_is_retried_after_the_schedules_wait_with_the_same_id_and_a_valid_signature_each_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = attempt => attempt == 1 ? 500 : 200;
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        var eventId = await steps.RecordAsync(tag);

        await steps.DeliverUntilAsync(() => receiver.Received.Count >= 2);
        await steps.DeliverAsync(); // nothing more is due: a third request would be a bug

        var received = receiver.Received.ToArray();
        Assert.Equal(2, received.Length);
        Assert.Equal([500, 200], received.Select(r => r.Answer));
        Assert.All(received, r =>
        {
            Assert.True(r.SignatureValid, $"signature {r.Signature} does not verify");
            Assert.Equal("application/json", r.ContentType);
            var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(r.Timestamp!, CultureInfo.InvariantCulture));
            Assert.InRange(sent, r.ReceivedAt.AddSeconds(-5), r.ReceivedAt.AddSeconds(5));
            Assert.StartsWith("v1,", r.Signature, StringComparison.Ordinal);
        });
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.True(received[1].ReceivedAt - received[0].ReceivedAt >= WebhookFixture.RetryWait - TimeSpan.FromMilliseconds(20),
            "the retry came before the schedule's wait");

        var body = JsonNode.Parse(received[0].Body)!.AsObject();
        Assert.Equal(["type", "timestamp", "data"], body.Select(p => p.Key));
        Assert.Equal("event.recorded", (string?)body["type"]);
        Assert.Equal(eventId, (Guid)body["data"]!["event"]!["id"]!);
        var raisedAt = DateTimeOffset.Parse((string)body["timestamp"]!, CultureInfo.InvariantCulture);

        var alert = Assert.Single(await steps.AlertsAsync(subscription))!;
        Assert.Equal(received[0].Id, (string?)alert["messageId"]);
        Assert.Equal("delivered", (string?)alert["deliveryState"]);
        Assert.Equal(2, (int)alert["attempts"]!);
        Assert.True(((DateTimeOffset)alert["createdAt"]! - raisedAt).Duration() < TimeSpan.FromMilliseconds(1));

        var deliveries = await steps.DeliveriesAsync(subscription);
        Assert.Equal(2, deliveries.Count);
        var (second, first) = (deliveries[0]!, deliveries[1]!);
        Assert.Equal([2, 1], deliveries.Select(d => (int)d!["attempt"]!));
        Assert.Equal(500, (int?)first["statusCode"]);
        Assert.False((bool)first["succeeded"]!);
        Assert.Contains("500", (string?)first["error"], StringComparison.Ordinal);
        Assert.Equal(200, (int?)second["statusCode"]);
        Assert.True((bool)second["succeeded"]!);
        Assert.Null((string?)second["error"]);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(received[0].Id, (string?)d!["messageId"]);
            Assert.Equal((long)alert["id"]!, (long)d["alertId"]!);
            Assert.InRange((int)d["durationMs"]!, 0, 3_000);
        });
    }

    [Fact]
    public async Task Gone_disables_the_subscription_and_fails_the_alert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 410;
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);

        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        // Stays: the retry falls due after the retry schedule's real 200 ms (the fixture's log subscribers run on the app's clock).
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await steps.DeliverAsync();

        Assert.Single(receiver.Received);
        var disabled = await steps.SubscriptionAsync(subscription);
        Assert.False((bool)disabled["active"]!);
        Assert.Contains("410", (string?)disabled["disabledReason"], StringComparison.Ordinal);
        var alert = Assert.Single(await steps.AlertsAsync(subscription))!;
        Assert.Equal("failed", (string?)alert["deliveryState"]);
        var delivery = Assert.Single(await steps.DeliveriesAsync(subscription))!;
        Assert.Equal(410, (int?)delivery["statusCode"]);
        Assert.False((bool)delivery["succeeded"]!);

        // A disabled subscription raises nothing more, and nothing can be redelivered to it.
        await steps.RecordAsync(tag);
        Assert.Single(await steps.AlertsAsync(subscription));
        var editor = await api.As("editor");
        var redelivery = await editor.PostAsync($"/api/subscriptions/{subscription}/deliveries/{(Guid)delivery["id"]!}/redelivery", null);
        Assert.Equal(HttpStatusCode.Conflict, redelivery.StatusCode);
    }

    [Fact]
    public async Task An_alert_fails_once_the_retry_schedule_is_exhausted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);

        var attempts = WebhookFixture.Retries + 1;
        await steps.DeliverUntilAsync(() => receiver.Received.Count >= attempts);
        // Stays: the retry falls due after the retry schedule's real 200 ms (the fixture's log subscribers run on the app's clock).
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await steps.DeliverAsync();

        Assert.Equal(attempts, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        var alert = Assert.Single(await steps.AlertsAsync(subscription))!;
        Assert.Equal("failed", (string?)alert["deliveryState"]);
        Assert.Equal(attempts, (int)alert["attempts"]!);
        Assert.Equal(Enumerable.Range(1, attempts).Reverse(), (await steps.DeliveriesAsync(subscription)).Select(d => (int)d!["attempt"]!));
        Assert.True((await steps.SubscriptionAsync(subscription))["active"]!.GetValue<bool>(), "only 410 disables a subscription");
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_failed_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(5); // the fixture's timeout is 3 s
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);

        await steps.DeliverAsync();

        var delivery = Assert.Single(await steps.DeliveriesAsync(subscription))!;
        Assert.False((bool)delivery["succeeded"]!);
        Assert.Null((int?)delivery["statusCode"]);
        Assert.Contains("3 s", (string?)delivery["error"], StringComparison.Ordinal);
        Assert.InRange((int)delivery["durationMs"]!, 2_900, 4_500);
        var alert = Assert.Single(await steps.AlertsAsync(subscription))!;
        Assert.Equal("pending", (string?)alert["deliveryState"]);

        receiver.Delay = TimeSpan.Zero;
        await steps.DeliverUntilAsync(() => receiver.Received.Count >= 2);
        await steps.DeliverUntilAsync(async () => (string?)(await steps.AlertsAsync(subscription))[0]!["deliveryState"] == "delivered");
    }

    [Fact]
    public async Task Two_dispatchers_at_once_never_send_the_same_attempt_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(300);
        var tag = Bodies.UniqueTag();
        await steps.SubscribeAsync(receiver, tag);
        for (var i = 0; i < 6; i++)
        {
            await steps.RecordAsync(tag);
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(steps.DeliverAsync)));

        var ids = receiver.Received.Select(r => r.Id).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
    }

    [Fact]
    public async Task The_delivery_log_is_newest_first_paged_and_for_editors_of_existing_subscriptions()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        var other = await steps.SubscribeAsync(receiver, Bodies.UniqueTag());
        var subscription = await steps.SubscribeAsync(receiver, tag); // the receiver keeps this one's secret
        for (var i = 0; i < 3; i++)
        {
            await steps.RecordAsync(tag);
            await steps.DeliverUntilAsync(() => receiver.Received.Count > i);
        }

        var editor = await api.As("editor");
        var page1 = await (await editor.GetAsync($"/api/subscriptions/{subscription}/deliveries?limit=2")).Json();
        var page2 = await (await editor.GetAsync($"/api/subscriptions/{subscription}/deliveries?limit=2&cursor={Uri.EscapeDataString((string)page1["nextCursor"]!)}")).Json();
        var items = ((JsonArray)page1["items"]!).Concat((JsonArray)page2["items"]!).ToList();
        Assert.Null((string?)page2["nextCursor"]);
        Assert.Equal(receiver.Received.Select(r => r.Id).Reverse(), items.Select(d => (string?)d!["messageId"]));
        var times = items.Select(d => (DateTimeOffset)d!["attemptedAt"]!).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.All(items, d => Assert.Equal("event.recorded", (string?)d!["kind"]));
        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Empty(await steps.DeliveriesAsync(other));

        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/subscriptions/{Guid.NewGuid()}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync($"/api/subscriptions/{subscription}/deliveries?cursor=nonsense")).StatusCode);
        var reader = await api.As("reader");
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/subscriptions/{subscription}/deliveries")).StatusCode);
    }

    [Fact]
    public async Task A_redelivery_sends_the_alert_again_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        var other = await steps.SubscribeAsync(receiver, Bodies.UniqueTag());
        var subscription = await steps.SubscribeAsync(receiver, tag); // the receiver keeps this one's secret
        await steps.RecordAsync(tag);
        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        var delivery = Assert.Single(await steps.DeliveriesAsync(subscription))!;
        var deliveryId = (Guid)delivery["id"]!;

        var editor = await api.As("editor");
        var accepted = await editor.PostAsync($"/api/subscriptions/{subscription}/deliveries/{deliveryId}/redelivery", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var redelivery = await accepted.Json();
        Assert.Equal("pending", (string?)redelivery["deliveryState"]);
        Assert.Equal((string?)delivery["messageId"], (string?)redelivery["messageId"]);
        Assert.Equal("pending", (string?)Assert.Single(await steps.AlertsAsync(subscription))!["deliveryState"]);

        await steps.DeliverUntilAsync(() => receiver.Received.Count >= 2);
        var received = receiver.Received.ToArray();
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.True(received[1].SignatureValid);
        var log = await steps.DeliveriesAsync(subscription);
        Assert.Equal([2, 1], log.Select(d => (int)d!["attempt"]!));
        Assert.True((bool)log[0]!["succeeded"]!);
        Assert.Equal("delivered", (string?)Assert.Single(await steps.AlertsAsync(subscription))!["deliveryState"]);

        Assert.Equal(HttpStatusCode.NotFound,
            (await editor.PostAsync($"/api/subscriptions/{subscription}/deliveries/{Guid.NewGuid()}/redelivery", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await editor.PostAsync($"/api/subscriptions/{other}/deliveries/{deliveryId}/redelivery", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await editor.PostAsync($"/api/subscriptions/{Guid.NewGuid()}/deliveries/{deliveryId}/redelivery", null)).StatusCode);
        var reader = await api.As("reader");
        Assert.Equal(HttpStatusCode.NotFound,
            (await reader.PostAsync($"/api/subscriptions/{subscription}/deliveries/{deliveryId}/redelivery", null)).StatusCode);
    }

    [Fact]
    public async Task Matching_a_webhook_alert_enqueues_delivery_once_it_has_committed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        await steps.SubscribeAsync(receiver, tag);
        var before = EnqueuedDeliveryJobs();

        await steps.RecordAsync(Bodies.UniqueTag()); // matches no subscription
        Assert.Equal(before, EnqueuedDeliveryJobs());

        await steps.RecordAsync(tag);
        // The matcher enqueues right after its commit, which the step has just seen.
        await Wait.Eventually(() => Task.FromResult(EnqueuedDeliveryJobs() != before), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

        Assert.Equal(before + 1, EnqueuedDeliveryJobs());

        // The dispatcher's own steps raise nothing: they enqueue nothing.
        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        Assert.Equal(before + 1, EnqueuedDeliveryJobs());
    }

    private int EnqueuedDeliveryJobs()
    {
        var monitoring = api.Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.EnqueuedJobs("default", 0, 10_000).Count(j => j.Value.Job?.Type == typeof(WebhookDeliveryJob));
    }
}
