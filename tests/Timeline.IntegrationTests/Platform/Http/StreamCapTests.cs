using System.Net;
using System.Text;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>Two whole-view answers at once per key, three overall (here), then 429s naming the limit.</summary>
public sealed class StreamCapFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Concurrency:Streams:PerKey"] = "2",
        ["Timeline:Concurrency:Streams:Overall"] = "3",
        // The tests count the requests waiting on a locked table: no matcher waits there too.
        ["Timeline:Matcher:Enabled"] = "false",
        // One read at a time: the streams waiting on the lock hold their places, not a read's turn, so other reads go on.
        ["Timeline:Database:ConcurrentReads"] = "1",
    };
}

/// <summary>
/// Downloads, the NDJSON change log and the calendar are capped in how many run at once, per key and overall; a download's
/// pages all read one snapshot. A table locked by the test holds the answers in flight, so the test knows they run. A
/// stream's place stands for its reads' turns (<c>ReadTurnHeld</c>): streams waiting on the lock keep no other read waiting.
/// </summary>
public sealed class StreamCapTests(StreamCapFixture api) : IClassFixture<StreamCapFixture>
{
    [Theory]
    [InlineData("/api/timeline/download?format=csv", "events", null)]
    [InlineData("/api/changes", "changes", "application/x-ndjson")]
    [InlineData("/api/follow-ups.ics", "follow_ups", null)]
    public async Task A_key_with_two_running_gets_429_naming_the_per_key_limit_and_another_key_is_served(string path, string table, string? accept)
    {
        var key = await NewClientAsync("reader");
        var other = await NewClientAsync("reader");
        List<Task<HttpResponseMessage>> held;
        await using (var locked = await LockAsync(table))
        {
            held = [Send(key, path, accept), Send(key, path, accept)];
            await WaitingOnLockAsync(2);

            var refused = await Send(key, path, accept);
            var problem = await HttpSteps.AssertProblem(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal("Timeline:Concurrency:Streams:PerKey", (string?)problem["limit"]);
            Assert.Contains("2 at once", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            held.Add(Send(other, path, accept));
            await WaitingOnLockAsync(3);
        }

        Assert.All(await Task.WhenAll(held), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Their places are given back once they have answered.
        Assert.Equal(HttpStatusCode.OK, (await Send(key, path, accept)).StatusCode);
    }

    [Fact]
    public async Task Past_the_overall_cap_any_key_gets_429_naming_it_and_a_plain_page_of_changes_is_neither_counted_nor_kept_waiting()
    {
        var keys = new[] { await NewClientAsync("reader"), await NewClientAsync("reader"), await NewClientAsync("reader"), await NewClientAsync("reader") };
        Task<HttpResponseMessage>[] held;
        await using (var locked = await LockAsync("events"))
        {
            held = [.. keys[..3].Select(k => Send(k, "/api/timeline/download?format=ndjson", null))];
            await WaitingOnLockAsync(3);

            var refused = await Send(keys[3], "/api/timeline/download?format=csv", null);
            var problem = await HttpSteps.AssertProblem(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal("Timeline:Concurrency:Streams:Overall", (string?)problem["limit"]);
            Assert.Equal(HttpStatusCode.OK, (await keys[3].GetAsync("/api/changes?limit=5")).StatusCode);
        }

        Assert.All(await Task.WhenAll(held), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_downloads_later_pages_read_the_snapshot_its_first_page_did()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        // Two pages and more (500 events a page); each line long enough that the first page fills what the response buffers.
        var lines = Enumerable.Range(0, 700).Select(i => System.Text.Json.JsonSerializer.Serialize(
            Bodies.Event(tag, occurred: $"2020-01-{1 + (i % 28):00}", title: $"Event {i} " + new string('x', 250))));
        var imported = await editor.PostAsync("/api/events/import", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/timeline/download?format=csv&tag={tag}");
        using var download = await editor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        // The first page is read (the answer has begun) and the rest is not read yet: recorded now, the last day of the view.
        await editor.Record(Bodies.Event(tag, occurred: "2024-12-31", title: "Recorded during the download"));
        var csv = await download.Content.ReadAsStringAsync();

        Assert.DoesNotContain("Recorded during the download", csv, StringComparison.Ordinal);
        Assert.Equal(700, csv.Split('\n').Count(l => l.Contains(" xxxx", StringComparison.Ordinal)));
    }

    private async Task<HttpClient> NewClientAsync(string role) => ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, role));

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        // Read whole: a place is held until the answer has been written.
        return client.SendAsync(request);
    }

    /// <summary>Holds an exclusive lock on a table until disposed: whatever reads it waits meanwhile.</summary>
    private async Task<NpgsqlTransaction> LockAsync(string table)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockTable = new NpgsqlCommand($"LOCK TABLE timeline.{table} IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await lockTable.ExecuteNonQueryAsync();
        return transaction;
    }

    private async Task WaitingOnLockAsync(int count)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        await Wait.Eventually(async () => (long)(await waiting.ExecuteScalarAsync())! >= count, TimeSpan.FromSeconds(15),
            TimeSpan.FromMilliseconds(50), $"fewer than {count} requests came to wait on the locked table");
    }
}
