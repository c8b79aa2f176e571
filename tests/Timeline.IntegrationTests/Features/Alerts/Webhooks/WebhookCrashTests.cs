using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>The outbox: an alert committed by an instance that stops before sending it reaches the receiver from another.</summary>
[Collection(JobServers.Name)]
public sealed class WebhookCrashTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    [Fact]
    public async Task An_alert_raised_by_a_stopped_instance_is_delivered_by_the_next_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();

        // Instance one, without jobs: subscribes, records, and is gone before anything is sent.
        await using (var first = api.CreateFactory(api.ConnectionString))
        {
            var client = ApiFixture.Authorized(first.CreateClient(), ApiFixture.AdminKey);
            receiver.Secret = (string)(await client.Subscribe(new { name = "crash", filter = new { tag = new[] { tag } }, kinds = new[] { "event.recorded" }, webhookUrl = receiver.Url }))["secret"]!;
            await client.Record(Bodies.Event(tag));
            await ApiFixture.AlertsMatchedAsync(api.ConnectionString);
        }

        // As if it had crashed between its commit and handing the job to Hangfire: only the outbox row remains.
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var pending = new NpgsqlCommand("SELECT count(*) FROM timeline.alerts WHERE delivery_state = 'pending'", connection);
            Assert.Equal(1L, await pending.ExecuteScalarAsync());
            await using var forget = new NpgsqlCommand("DELETE FROM hangfire.jobqueue", connection);
            await forget.ExecuteNonQueryAsync();
        }

        Assert.Empty(receiver.Received);

        // Instance two runs jobs: its recurring delivery job finds the alert.
        await using var second = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Timeline:RunJobs"] = "true",
            ["Timeline:SchedulePollingSeconds"] = "1",
            ["Timeline:Webhooks:Cron"] = "* * * * * *",
        });
        _ = second.Services;
        await Wait.Eventually(() => Task.FromResult(!receiver.Received.IsEmpty), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

        // At least once: a slow first attempt may be retried, under the same webhook-id.
        Assert.NotEmpty(receiver.Received);
        var received = receiver.Received.First();
        Assert.True(received.SignatureValid);
        Assert.StartsWith("msg_", received.Id, StringComparison.Ordinal);
        Assert.All(receiver.Received, r => Assert.Equal(received.Id, r.Id));
    }
}
