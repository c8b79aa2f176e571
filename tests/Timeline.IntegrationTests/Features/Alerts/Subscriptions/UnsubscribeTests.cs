using System.Net;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Subscriptions;

/// <summary>
/// A deleted subscription's alerts go with it, including those a page being matched writes for it at that very moment: no
/// foreign key cascades them, the deletion does, under the lock every writer of alerts holds (the matcher's checkpoint row).
/// </summary>
public sealed class UnsubscribeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<long> AlertsOfAsync(Guid subscription)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM timeline.alerts WHERE subscription_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = subscription } },
        };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> SomeoneWaitsOnALockAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')", connection);
        return (bool)(await waiting.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task An_alert_a_page_being_matched_writes_for_a_subscription_being_deleted_is_deleted_with_it()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var subscription = Guid.Parse((await editor.SubscribeToTag(tag)).Id());
        await editor.Record(tag, title: "Heard before the deletion");
        await api.AlertsMatchedAsync();
        Assert.Equal(1, await AlertsOfAsync(subscription));

        // A page being matched, as the matcher writes one: its checkpoint row held, an alert for the subscription written and
        // not yet committed.
        await using var page = new NpgsqlConnection(api.ConnectionString);
        await page.OpenAsync();
        await using var transaction = await page.BeginTransactionAsync();
        await ExecuteAsync(page, "SELECT 1 FROM timeline.change_checkpoints WHERE name = 'alert-matcher' FOR UPDATE");
        await ExecuteAsync(page,
            """
            INSERT INTO timeline.alerts (subscription_id, kind, data, created_at, message_id, delivery_state, attempts)
            VALUES ($1, 'event.recorded', '{"event":{}}'::jsonb, now(), $2, 'none', 0)
            """, subscription, "msg_" + Guid.NewGuid().ToString("N"));

        // The deletion starts while the page is open, and the page commits once the deletion is under way (waiting for it,
        // or, were nothing to hold it, done).
        var deletion = editor.DeleteAsync($"/api/subscriptions/{subscription}");
        await Wait.Eventually(async () => deletion.IsCompleted || await SomeoneWaitsOnALockAsync(), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20),
            "the deletion neither finished nor waited on a lock within 30 s");
        await transaction.CommitAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await deletion).StatusCode);
        Assert.Equal(0, await AlertsOfAsync(subscription));
    }

    [Fact]
    public async Task Deleting_a_subscription_while_writes_are_matched_leaves_none_of_its_alerts_and_takes_none_of_the_others()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var deleted = Guid.Parse((await editor.SubscribeToTag(tag)).Id());
        var kept = Guid.Parse((await editor.SubscribeToTag(tag)).Id());
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(async writer =>
        {
            var recorded = 0;
            while (!stop.IsCancellationRequested)
            {
                await editor.Record(tag, title: $"Writer {writer}, event {recorded}");
                recorded++;
            }

            return recorded;
        }).ToList();

        // The deletion lands while the matcher is writing the subscription's alerts page after page.
        await Wait.Eventually(async () => await AlertsOfAsync(deleted) >= 10, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20),
            "the matcher raised no alerts for the writes within 60 s");
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/subscriptions/{deleted}")).StatusCode);
        Assert.Equal(0, await AlertsOfAsync(deleted));

        // Matching goes on after the deletion: the other subscription keeps hearing of the writes.
        var keptAtDeletion = await AlertsOfAsync(kept);
        await Wait.Eventually(async () => await AlertsOfAsync(kept) >= keptAtDeletion + 10, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20),
            "the matcher raised no alerts after the deletion within 60 s");
        await stop.CancelAsync();
        var recorded = (await Task.WhenAll(writers)).Sum();
        await api.AlertsMatchedAsync();

        Assert.Equal(0, await AlertsOfAsync(deleted));
        Assert.Equal(recorded, await AlertsOfAsync(kept));
    }
}
