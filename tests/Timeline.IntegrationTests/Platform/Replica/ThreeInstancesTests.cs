using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Timeline.IntegrationTests.Features.Alerts.Stream;
using Timeline.IntegrationTests.Support;
using Timeline.IntegrationTests.Features.Alerts.Webhooks;

namespace Timeline.IntegrationTests.Platform.Replica;

/// <summary>
/// Three API processes on one primary and its replica, each with its own Hangfire server, alert listener and pools,
/// as they run behind a load balancer: they share everything through the database and nothing else.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class ThreeInstancesTests : IAsyncLifetime
{
    private readonly List<ApiInstance> instances = [];
    private string connectionString = "";
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        connectionString = await ApiFixture.CreateDatabaseAsync();
        receiver = await WebhookReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Timeline"] = connectionString,
            ["ConnectionStrings__TimelineReplica"] = ReplicaFixture.ReplicaOf(connectionString),
            ["Timeline__AdminKey"] = ApiFixture.AdminKey,
            ["Timeline__DemoTimeline"] = "false",
            ["Timeline__RunJobs"] = "true",
            ["Timeline__SchedulePollingSeconds"] = "1",
            ["Timeline__FollowUps__Cron"] = "* * * * * *",
            ["Timeline__Webhooks__Cron"] = "* * * * * *",
            ["Timeline__Webhooks__AllowPrivateAddresses"] = "true",
            ["Timeline__Replica__RetryAfterSeconds"] = "1",
            // Under load the replica may be seconds behind: these tests are about instances, not about the fallback.
            ["Timeline__Replica__MaxWaitMilliseconds"] = "60000",
        };
        foreach (var (key, value) in ApiFixture.Unthrottled)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        // Started together: they take turns migrating under DatabaseStartup's advisory lock.
        var starting = Enumerable.Range(0, 3).Select(_ => ApiInstance.StartAsync(environment)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // Those that did start are stopped with the rest, whatever happened to the others.
            instances.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }


        await ReplicaFixture.CaughtUpAsync(connectionString);
        var admin = instances[0].Client(ApiFixture.AdminKey);
        foreach (var code in new[] { "KP", "RU" })
        {
            (await admin.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "state" })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_write_through_any_instance_reaches_the_alert_streams_on_every_instance_and_reads_with_its_token_on_any()
    {
        var admin = instances[0].Client(ApiFixture.AdminKey);
        var readerKey = await HttpSteps.NewKey(admin, "reader");
        var editorKey = await HttpSteps.NewKey(admin, "editor");
        var tag = Bodies.UniqueTag();
        var subscription = (await instances[1].Client(readerKey).SubscribeToTag(tag)).Id();
        var streams = new List<SseConnection>();
        foreach (var instance in instances)
        {
            streams.Add(await SseConnection.Open(instance.Client(readerKey), $"/api/alerts/stream?subscription={subscription}", seconds: 90));
            // Its LISTEN is on the primary (NOTIFY does not reach a standby), and so is where it starts.
            Assert.Equal("primary", streams[^1].Response.Headers.GetValues("Timeline-Read-From").Single());
        }

        try
        {
            var recorded = new List<string>();
            for (var i = 0; i < instances.Count; i++)
            {
                var response = await instances[i].Client(editorKey).PostAsJsonAsync("/api/events", Bodies.Event(tag, title: $"Recorded through instance {i}"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var id = (string)(await response.Json())["id"]!;
                recorded.Add(id);

                // The next instance reads it back with the write's token: it waits for its replica, or asks the primary.
                using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/events/{id}");
                read.Headers.TryAddWithoutValidation("Timeline-Consistency", response.Headers.GetValues("Timeline-Consistency").Single());
                var seen = await instances[(i + 1) % instances.Count].Client(readerKey).SendAsync(read);
                Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
                Assert.Equal($"Recorded through instance {i}", (string)(await seen.Json())["title"]!);
            }

            // Every stream, whichever instance holds it, gets each alert once, in the order the writes were made.
            foreach (var stream in streams)
            {
                var received = new List<string>();
                for (var i = 0; i < recorded.Count; i++)
                {
                    received.Add((string)(await stream.NextEvent()).Json["eventId"]!);
                }

                Assert.Equal(recorded, received);
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Jobs_on_three_instances_raise_a_follow_up_notice_once_and_deliver_its_webhook_once()
    {
        var admin = instances[0].Client(ApiFixture.AdminKey);
        var editor = instances[1].Client(await HttpSteps.NewKey(admin, "editor"));
        var tag = Bodies.UniqueTag();
        var created = await editor.Subscribe(new { name = "due " + tag, filter = new { tag = new[] { tag } }, kinds = new[] { "followup.due" }, webhookUrl = receiver.Url });
        receiver.Secret = (string)created["secret"]!;
        var subscription = (string)created["id"]!;

        var eventId = (await instances[2].Client(editor.DefaultRequestHeaders.Authorization!.Parameter!).Record(tag)).Id();
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd");
        var expected = await editor.PostAsJsonAsync($"/api/events/{eventId}/follow-ups", new { description = "Satellite imagery released", due });
        Assert.Equal(HttpStatusCode.Created, expected.StatusCode);
        var followUp = (string)(await expected.Json())["id"]!;

        // Every instance runs a Hangfire server; the follow-up check and the delivery are each due every second.
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM hangfire.server"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var within = TimeSpan.FromSeconds(90);
        await Wait.Eventually(() => Task.FromResult(!receiver.Received.IsEmpty), within, TimeSpan.FromMilliseconds(100),
            "no webhook within 90 s of the follow-up coming due");

        // Let the check run several more times, on whichever servers take it: none may raise the notice again.
        var checks = await ScalarAsync(SucceededChecks);
        await Wait.Eventually(async () => await ScalarAsync(SucceededChecks) >= checks + 3, within - clock.Elapsed,
            TimeSpan.FromMilliseconds(200), "the follow-up check stopped running");

        // The matcher wrote the alert, not this caller, so no token of ours covers it: let the replica catch up first.
        await ReplicaFixture.CaughtUpAsync(connectionString);
        var alerts = (await (await editor.GetAsync($"/api/alerts?subscription={subscription}&limit=100")).Json())["items"]!.AsArray();
        var alert = Assert.Single(alerts);
        Assert.Equal("followup.due", (string)alert!["kind"]!);
        Assert.Equal(followUp, (string)alert["followUpId"]!);

        // Delivered once: one request, answered 200, so nothing to retry; its id is the alert's message id.
        var webhook = Assert.Single(receiver.Received);
        Assert.True(webhook.SignatureValid);
        Assert.Equal((string)alert["messageId"]!, webhook.Id);
    }

    private const string SucceededChecks =
        "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata::text LIKE '%FollowUpCheckJob%'";

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }
}
