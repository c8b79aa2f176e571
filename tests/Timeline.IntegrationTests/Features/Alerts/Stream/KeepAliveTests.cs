using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Stream;

/// <summary>A one-second keep-alive, which is also the stream's fallback poll interval.</summary>
public sealed class FastKeepAliveFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Timeline:Stream:KeepAliveSeconds"] = "1" };
}

public class KeepAliveTests(FastKeepAliveFixture api) : IClassFixture<FastKeepAliveFixture>
{
    [Fact]
    public async Task A_quiet_stream_sends_a_keep_alive_comment_every_interval()
    {
        var reader = await api.As("reader");
        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={(await reader.SubscribeToTag(Bodies.UniqueTag())).Id()}");

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await stream.UntilComment("keep-alive"));
        var first = clock.Elapsed;
        Assert.Equal(0, await stream.UntilComment("keep-alive"));
        var second = clock.Elapsed;

        Assert.True(first >= TimeSpan.FromSeconds(0.8), $"the first keep-alive came after {first}, before the interval");
        Assert.True(second - first >= TimeSpan.FromSeconds(0.5), $"keep-alives came {second - first} apart");
        Assert.True(second < TimeSpan.FromSeconds(5), $"two one-second keep-alives took {second}");
    }

    [Fact]
    public async Task An_alert_whose_notification_was_lost_still_arrives_by_the_fallback_poll()
    {
        var reader = await api.As("reader");
        var subscription = (await reader.SubscribeToTag(Bodies.UniqueTag())).Id();
        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}");

        // Written behind the API's back: no pg_notify, so nothing wakes the stream but its poll.
        long id;
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO timeline.alerts (subscription_id, kind, data, created_at, message_id, delivery_state, attempts)
                VALUES (@subscription, 'followup.due', '{"note":"silent"}', now(), @message, 'none', 0)
                RETURNING id
                """, connection);
            insert.Parameters.AddWithValue("subscription", Guid.Parse(subscription));
            insert.Parameters.AddWithValue("message", "msg_" + Guid.NewGuid().ToString("N"));
            id = (long)(await insert.ExecuteScalarAsync())!;
        }

        var received = await stream.NextEvent();
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), received.Id);
        Assert.Equal("followup.due", received.Event);
        Assert.Equal("silent", (string)received.Json["data"]!["note"]!);
    }
}
