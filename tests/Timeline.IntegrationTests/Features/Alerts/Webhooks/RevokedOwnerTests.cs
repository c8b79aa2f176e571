using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>A revoked key hears nothing more: its subscriptions stop, its waiting deliveries are not sent.</summary>
public sealed class RevokedOwnerTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Fact]
    public async Task A_revoked_readers_webhook_gets_nothing_more_and_its_subscription_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (reader, keyId) = await NewReaderAsync();
        var tag = Bodies.UniqueTag();
        var subscription = await WebhookSteps.SubscribeAsync(reader, receiver, tag);
        // The path works for it while the key lives: one event, delivered.
        await steps.RecordAsync(tag);
        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        // A second waits, undelivered, when the key is revoked.
        await steps.RecordAsync(tag);
        Assert.Equal(1, await PendingAsync(subscription));

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{keyId}")).StatusCode);
        await steps.RecordAsync(tag);
        await steps.DeliverAsync();
        // Stays: the retry falls due after the retry schedule's real 200 ms (the fixture's log subscribers run on the app's clock).
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await steps.DeliverAsync();

        Assert.Single(receiver.Received);
        Assert.Equal(0, await PendingAsync(subscription));
        var view = await (await api.Admin.GetAsync($"/api/subscriptions/{subscription}")).Json();
        Assert.False((bool)view["active"]!);
        Assert.Equal("the key that owns it was revoked", (string?)view["disabledReason"]);
        // Two alerts in all: the one delivered and the one that waited (now failed); the event after the revocation raised none.
        var alerts = (JsonArray)(await (await api.Admin.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!;
        Assert.Equal(["failed", "delivered"], alerts.Select(a => (string?)a!["deliveryState"]));
    }

    [Theory]
    [InlineData("UPDATE timeline.api_keys SET revoked_at = now() WHERE id = @key")]
    [InlineData("UPDATE timeline.subscriptions SET owner_key_id = NULL WHERE owner_key_id = @key")]
    public async Task A_subscription_still_active_whose_owner_is_revoked_or_missing_neither_matches_nor_delivers(string ownerGone)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (reader, keyId) = await NewReaderAsync();
        var tag = Bodies.UniqueTag();
        var subscription = await WebhookSteps.SubscribeAsync(reader, receiver, tag);
        await steps.RecordAsync(tag);
        Assert.Equal(1, await PendingAsync(subscription));

        // Not through the revocation: whatever way an active subscription came to have no live owner.
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var gone = new NpgsqlCommand(ownerGone, connection);
            gone.Parameters.AddWithValue("key", keyId);
            Assert.Equal(1, await gone.ExecuteNonQueryAsync());
        }

        await steps.RecordAsync(tag);
        await steps.DeliverAsync();
        // Stays: the retry falls due after the retry schedule's real 200 ms (the fixture's log subscribers run on the app's clock).
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await steps.DeliverAsync();

        Assert.Empty(receiver.Received);
        Assert.Equal(0, await PendingAsync(subscription));
        var alerts = (JsonArray)(await (await api.Admin.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!;
        Assert.Equal(["failed"], alerts.Select(a => (string?)a!["deliveryState"]));
    }

    private async Task<(HttpClient Reader, Guid KeyId)> NewReaderAsync()
    {
        var reader = ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, "reader"));
        return (reader, (Guid)(await (await reader.GetAsync("/api/me")).Json())["id"]!);
    }

    private async Task<long> PendingAsync(Guid subscription)
    {
        await api.AlertsMatchedAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var pending = new NpgsqlCommand(
            "SELECT count(*) FROM timeline.alerts WHERE subscription_id = @s AND delivery_state = 'pending'", connection);
        pending.Parameters.AddWithValue("s", subscription);
        return (long)(await pending.ExecuteScalarAsync())!;
    }
}
