using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>One retry and one redelivery allowed: an alert is attempted at most three times.</summary>
public sealed class RedeliveryLimitFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Webhooks:RetrySchedule:0"] = "00:00:00.200",
        ["Timeline:Webhooks:TimeoutSeconds"] = "3",
        ["Timeline:Webhooks:MaxRedeliveries"] = "1",
    };
}

public sealed class RedeliveryLimitTests(RedeliveryLimitFixture api) : IClassFixture<RedeliveryLimitFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Fact]
    public async Task Redelivery_past_the_retry_schedule_and_the_allowed_redeliveries_is_409_naming_the_limit()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);
        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        var delivery = (Guid)Assert.Single(await steps.DeliveriesAsync(subscription))!["id"]!;
        var editor = await api.As("editor");
        var redeliver = $"/api/subscriptions/{subscription}/deliveries/{delivery}/redelivery";

        // Attempts 2 and 3: within one retry plus one redelivery beyond the first attempt.
        for (var sent = 2; sent <= 3; sent++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await editor.PostAsync(redeliver, null)).StatusCode);
            var expected = sent;
            await steps.DeliverUntilAsync(() => receiver.Received.Count >= expected);
        }

        var refused = await editor.PostAsync(redeliver, null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Json();
        Assert.Equal("Timeline:Webhooks:MaxRedeliveries", (string?)problem["limit"]);
        Assert.Equal("delivered", (string?)Assert.Single(await steps.AlertsAsync(subscription))!["deliveryState"]);
        await steps.DeliverAsync();
        Assert.Equal(3, receiver.Received.Count);
    }
}
