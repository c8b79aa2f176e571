using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Timeline.IntegrationTests.Support;
using Timeline.IntegrationTests.Features.Alerts.Webhooks;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// The API killed with <c>kill -9</c> (a process of its own, as in production) and started again at once: it is ready
/// within seconds, whatever locks the dead process held, and its jobs and deliveries carry on.
/// </summary>
[Collection(TimedRestarts.Name)]
public sealed class CrashRecoveryTests
{
    /// <summary>How often a drill asks again whether the restarted instance has caught up.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Killed_while_holding_its_job_locks_and_a_delivery_it_is_ready_in_10_s_and_both_resume_within_30_s()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await ApiInstance.StartAsync(Environment(connectionString));
        var editor = await EditorAsync(first);
        await WebhookSteps.SubscribeAsync(editor, receiver, "drill");
        // The receiver holds the first attempt: the delivery is in flight, its alert leased, when the process dies.
        receiver.Delay = TimeSpan.FromMinutes(5);
        await editor.Record(Bodies.Event("drill"));
        await Wait.Eventually(() => Task.FromResult(receiver.Received.Count == 1), TimeSpan.FromSeconds(30), Every, "the first attempt never reached the receiver");
        // And the recurring jobs' locks as a process killed while triggering them leaves them: rows no one will delete.
        await HoldJobLocksAsDeadAsync(connectionString);

        await first.DisposeAsync(); // kill -9
        receiver.Delay = TimeSpan.Zero;
        var restart = Stopwatch.StartNew();
        await using var second = await ApiInstance.StartAsync(Environment(connectionString));
        var ready = restart.Elapsed;

        Assert.True(ready < TimeSpan.FromSeconds(10), $"ready {ready} after the restart, load average {File.ReadAllText("/proc/loadavg").Trim()}:\n{second.Log()}");
        await Wait.Eventually(() => Task.FromResult(receiver.Received.Count >= 2), TimeSpan.FromSeconds(30) - restart.Elapsed, Every,
            $"the delivery in flight at the kill was not sent again within 30 s of the restart:\n{second.Log()}");
        var again = receiver.Received.Last();
        Assert.Equal(receiver.Received.First().Id, again.Id);
        Assert.True(again.SignatureValid);
        var since = DateTime.UtcNow - restart.Elapsed;
        await Wait.Eventually(async () => await FollowUpChecksSinceAsync(connectionString, since) > 0, TimeSpan.FromSeconds(30) - restart.Elapsed, Every,
            $"no follow-up check ran within 30 s of the restart:\n{second.Log()}");
    }

    internal static Dictionary<string, string> Environment(string connectionString)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Timeline"] = connectionString,
            ["Timeline__AdminKey"] = ApiFixture.AdminKey,
            ["Timeline__DemoTimeline"] = "false",
            ["Timeline__RunJobs"] = "true",
            ["Timeline__SchedulePollingSeconds"] = "1",
            ["Timeline__FollowUps__Cron"] = "*/5 * * * * *",
            ["Timeline__Webhooks__Cron"] = "*/2 * * * * *",
            ["Timeline__Webhooks__AllowPrivateAddresses"] = "true",
            ["Timeline__Webhooks__TimeoutSeconds"] = "5",
            // Readiness re-checked each second, so the restart is seen ready when it is, not at the next 5 s check.
            ["Timeline__Readiness__IntervalSeconds"] = "1",
        };
        // Retries in seconds, as many as a minute's outage needs.
        for (var i = 0; i < 40; i++)
        {
            settings[$"Timeline__Webhooks__RetrySchedule__{i}"] = "00:00:03";
        }

        foreach (var (key, value) in ApiFixture.Unthrottled)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return settings;
    }

    internal static async Task<HttpClient> EditorAsync(ApiInstance api)
    {
        var created = await api.Client(ApiFixture.AdminKey).PostAsJsonAsync("/api/keys", new { name = "drill-editor", role = "editor" });
        if (created.StatusCode == HttpStatusCode.Conflict)
        {
            created = await api.Client(ApiFixture.AdminKey).PostAsJsonAsync("/api/keys", new { name = $"drill-editor-{Guid.NewGuid():N}"[..30], role = "editor" });
        }

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var actors = api.Client(ApiFixture.AdminKey);
        foreach (var code in new[] { "KP", "RU" })
        {
            await actors.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "state" });
        }

        return api.Client((string)(await created.Json())["key"]!);
    }

    private static async Task HoldJobLocksAsDeadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var hold = new NpgsqlCommand(
            """
            INSERT INTO hangfire.lock (resource, acquired)
            SELECT r, now() AT TIME ZONE 'UTC'
            FROM unnest(ARRAY['hangfire:lock:recurring-job:follow-up-check', 'hangfire:lock:recurring-job:webhook-delivery']) AS r
            ON CONFLICT DO NOTHING
            """, connection);
        await hold.ExecuteNonQueryAsync();
    }

    private static async Task<long> FollowUpChecksSinceAsync(string connectionString, DateTime since)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var runs = new NpgsqlCommand(
            """
            SELECT count(*) FROM hangfire.job
            WHERE invocationdata::text LIKE '%FollowUpCheckJob%' AND statename = 'Succeeded' AND createdat > @since
            """, connection);
        // Hangfire writes UTC into timestamp columns without a zone.
        runs.Parameters.AddWithValue("since", NpgsqlTypes.NpgsqlDbType.Timestamp, DateTime.SpecifyKind(since, DateTimeKind.Unspecified));
        return (long)(await runs.ExecuteScalarAsync())!;
    }
}
