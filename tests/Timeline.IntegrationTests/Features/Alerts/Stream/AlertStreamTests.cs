using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Stream;

public class AlertStreamTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_alert_raised_after_connecting_arrives_as_id_event_and_one_line_of_data()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(tag)).Id();

        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}");
        Assert.Contains("no-cache", stream.Response.Headers.CacheControl?.ToString() ?? "");
        var eventId = (await editor.Record(tag)).Id();

        var received = await stream.NextEvent();
        var alertId = Assert.Single(await AlertHelpers.AlertIds(reader, subscription));
        Assert.Equal(3, received.Lines.Count);
        Assert.Equal($"id: {alertId.ToString(CultureInfo.InvariantCulture)}", received.Lines[0]);
        Assert.Equal("event: event.recorded", received.Lines[1]);
        Assert.StartsWith("data: {", received.Lines[2], StringComparison.Ordinal);

        var data = received.Json;
        Assert.Equal(alertId, (long)data["id"]!);
        Assert.Equal("event.recorded", (string)data["kind"]!);
        Assert.Equal(subscription, (string)data["subscriptionId"]!);
        Assert.Equal(eventId, (string)data["eventId"]!);
        Assert.Equal(eventId, (string)data["data"]!["event"]!["id"]!);
        Assert.Contains(tag, data["data"]!["event"]!["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task A_subscription_filter_passes_only_that_subscriptions_alerts()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var mine = Bodies.UniqueTag();
        var other = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(mine)).Id();
        var otherSubscription = (await reader.SubscribeToTag(other)).Id();

        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}");
        // The other subscription's alert comes first and has the lower id: a stream that ignored the filter would send it first.
        await editor.Record(other);
        var eventId = (await editor.Record(mine)).Id();

        var received = await stream.NextEvent();
        Assert.Equal(subscription, (string)received.Json["subscriptionId"]!);
        Assert.Equal(eventId, (string)received.Json["eventId"]!);
        Assert.Single(await AlertHelpers.AlertIds(reader, otherSubscription));
    }

    [Fact]
    public async Task The_stream_needs_a_key_a_numeric_last_event_id_and_a_known_subscription()
    {
        var reader = await api.As("reader");

        var anonymous = await api.Anonymous().GetAsync("/api/alerts/stream");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        bad.Headers.TryAddWithoutValidation("Last-Event-ID", "yesterday");
        await HttpSteps.AssertProblem(await reader.SendAsync(bad), HttpStatusCode.BadRequest, "lastEventId");

        await HttpSteps.AssertProblem(await reader.GetAsync("/api/alerts/stream?lastEventId=-3"), HttpStatusCode.BadRequest, "lastEventId");
        await HttpSteps.AssertProblem(await reader.GetAsync($"/api/alerts/stream?subscription={Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_of_one_instance_receives_an_alert_raised_through_another()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        // A reader subscribes for itself through instance A and follows its alerts through B with the same key.
        var readerKey = await HttpSteps.NewKey(api.Admin, "reader");
        var readerOnA = ApiFixture.Authorized(api.Factory.CreateClient(), readerKey);
        var subscription = (await readerOnA.SubscribeToTag(tag)).Id();

        // Instance B: its own host, listener and connection pool, on the same database.
        await using var instanceB = api.CreateFactory(api.ConnectionString);
        var readerOnB = ApiFixture.Authorized(instanceB.CreateClient(), readerKey);
        await using var stream = await SseConnection.Open(readerOnB, $"/api/alerts/stream?subscription={subscription}");
        // Let B's stream finish its first read, so only a notification (not the 15 s fallback poll) can bring the alert in time.
        // Stays: the stream shows nothing outside of its first read being done; the pause is what separates the two paths.
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var eventId = (await editor.Record(tag)).Id(); // through instance A
        var received = await stream.NextEvent();

        Assert.Equal("event.recorded", received.Event);
        Assert.Equal(eventId, (string)received.Json["eventId"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the alert took {clock.Elapsed} to cross instances: it came by polling, not by NOTIFY");
    }

    [Fact]
    public async Task The_listener_reconnects_after_losing_its_connection()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(tag)).Id();
        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}", seconds: 20);

        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(api.ConnectionString);
        await admin.OpenAsync();
        var killed = await Listeners(admin, database);
        Assert.NotEmpty(killed);
        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM unnest(@pids) AS pid", admin))
        {
            terminate.Parameters.AddWithValue("pids", killed.ToArray());
            await terminate.ExecuteNonQueryAsync();
        }

        // Back on a new connection after its first backoff step (a second).
        var clock = Stopwatch.StartNew();
        await Wait.Eventually(async () => (await Listeners(admin, database)).Except(killed).Any(), TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(200));
        Assert.True((await Listeners(admin, database)).Except(killed).Any(), $"no new LISTEN connection after {clock.Elapsed}");

        clock.Restart();
        var eventId = (await editor.Record(tag)).Id();
        var received = await stream.NextEvent();
        Assert.Equal(eventId, (string)received.Json["eventId"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the alert took {clock.Elapsed}: it came by polling, not by NOTIFY");
    }

    /// <summary>The backends of this database listening for alerts (the listener's last statement is its LISTEN).</summary>
    private static async Task<List<int>> Listeners(NpgsqlConnection connection, string database)
    {
        await using var query = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = @db AND query = 'LISTEN timeline_alerts' AND pid <> pg_backend_pid()", connection);
        query.Parameters.AddWithValue("db", database);
        var pids = new List<int>();
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            pids.Add(rows.GetInt32(0));
        }

        return pids;
    }

    [Fact]
    public async Task Streams_end_cleanly_when_the_app_stops()
    {
        // Over Kestrel, which (unlike the test server) waits for requests in flight when the app stops: a stream
        // that ignored shutdown would hold the app up for the whole shutdown timeout.
        var instance = api.CreateFactory(api.ConnectionString, settings: ApiFixture.AnyLoopbackPort);
        instance.UseKestrel();
        instance.StartServer();
        var reader = ApiFixture.Authorized(instance.CreateClient(), await HttpSteps.NewKey(api.Admin, "reader"));
        await using var stream = await SseConnection.Open(reader, "/api/alerts/stream");
        Assert.Equal("retry: 3000", await stream.ReadLine());

        var clock = Stopwatch.StartNew();
        var stopping = instance.DisposeAsync().AsTask();
        // A clean end of the body (the last chunk), not an aborted connection and not a hang.
        string? line;
        do
        {
            line = await stream.ReadLine();
        }
        while (line is not null);

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}: the stream held the app up");
    }
}
