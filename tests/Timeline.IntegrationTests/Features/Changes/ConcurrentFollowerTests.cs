using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.Benchmarks;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

/// <summary>
/// Sixteen writers record events while a reader follows the change log: every change that committed is seen once, in
/// log order, none skipped — also when the API is killed halfway and another takes over the same database.
/// </summary>
public sealed class ConcurrentFollowerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Writers = 16;
    private const int EventsPerWriter = 15;

    [Fact]
    public async Task Sixteen_writers_and_a_follower_see_every_committed_change_once_in_log_order()
    {
        var editor = await api.As("editor");
        await api.AlertsMatchedAsync();
        var (_, start) = await ChangeFeed.ReadAllAsync(editor);
        var tag = Bodies.UniqueTag();
        using var writing = new CancellationTokenSource();
        var follower = FollowAsync(() => editor, start, writing.Token);
        var recorded = await WriteAsync(() => editor, tag, _ => { });
        // Every change is committed; once the log shows them all, the follower reads on to its end and stops.
        await api.AlertsMatchedAsync();
        await writing.CancelAsync();
        var seen = await follower;

        AssertSeenOnceInOrder(seen, recorded, tag);
        var (final, _) = await ChangeFeed.ReadAllAsync(editor, start);
        Assert.Equal(final.Select(c => (string)c["position"]!), seen.Select(c => (string)c["position"]!));
    }

    [Fact]
    public async Task A_follower_misses_nothing_when_the_API_is_killed_and_another_takes_over()
    {
        var connection = await ApiFixture.CreateDatabaseAsync();
        var dll = Path.Combine(RepositoryRoot(), "src", "Timeline.Api", "bin", Configuration(), "net10.0", "Timeline.Api.dll");
        Assert.True(File.Exists(dll), $"the API is not built at {dll}");
        var log = Path.Combine(Path.GetTempPath(), $"timeline-killed-{Guid.NewGuid():N}.log");

        var first = await ApiProcess.StartAsync(dll, connection, log, "Warning");
        var firstClient = first.Client(await first.CreateKeyAsync("editor"), TimeSpan.FromSeconds(10));
        await RecordActorsAsync(firstClient);
        await ApiFixture.AlertsMatchedAsync(connection);
        var current = firstClient;
        ApiProcess? second = null;
        var killed = false;
        try
        {
            var (_, start) = await ChangeFeed.ReadAllAsync(current);
            var tag = Bodies.UniqueTag();
            using var writing = new CancellationTokenSource();
            var follower = FollowAsync(() => Volatile.Read(ref current), start, writing.Token);
            var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Halfway: the first instance is killed mid-flight, and a second one starts on the same database.
            var takeOver = Task.Run(async () =>
            {
                await halfway.Task;
                await first.DisposeAsync();
                killed = true;
                second = await ApiProcess.StartAsync(dll, connection, log, "Warning");
                Volatile.Write(ref current, second.Client(await second.CreateKeyAsync("editor"), TimeSpan.FromSeconds(10)));
            });
            var recorded = await WriteAsync(() => Volatile.Read(ref current), tag, count =>
            {
                if (count >= Writers * EventsPerWriter / 2)
                {
                    halfway.TrySetResult();
                }
            });
            await takeOver;
            await ApiFixture.AlertsMatchedAsync(connection);
            await writing.CancelAsync();
            var seen = await follower;

            Assert.True(killed);
            AssertSeenOnceInOrder(seen, recorded, tag);
            var (final, _) = await ChangeFeed.ReadAllAsync(current, start);
            Assert.Equal(final.Select(c => (string)c["position"]!), seen.Select(c => (string)c["position"]!));
        }
        finally
        {
            if (!killed)
            {
                await first.DisposeAsync();
            }

            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>Every acknowledged event once, no change twice, positions rising.</summary>
    private static void AssertSeenOnceInOrder(List<JsonObject> seen, ConcurrentBag<string> recorded, string tag)
    {
        Assert.True(ChangeFeed.InLogOrder(seen), "the follower saw the changes in log order");
        Assert.Equal(seen.Count, seen.Select(c => (string)c["position"]!).Distinct().Count());
        var recordedIds = seen.Where(c => (string)c["kind"]! == "event.recorded" && c["data"]!["tags"]![0]!.GetValue<string>() == tag)
            .Select(c => (string)c["id"]!).ToList();
        Assert.Equal(recordedIds.Count, recordedIds.Distinct().Count());
        Assert.Empty(recorded.Except(recordedIds));
    }

    /// <summary>Polls the log from a cursor until told to stop and then until it has caught up once more.</summary>
    private static async Task<List<JsonObject>> FollowAsync(Func<HttpClient> client, string start, CancellationToken stop)
    {
        var seen = new List<JsonObject>();
        var cursor = start;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var stopped = false;
        while (DateTime.UtcNow < deadline)
        {
            JsonObject page;
            try
            {
                page = await ChangeFeed.PageAsync(client(), cursor, "limit=50");
            }
            catch (HttpRequestException)
            {
                // Stays: a follower's pause before asking again while instances are killed under it is part of the drill.
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            catch (TaskCanceledException)
            {
                continue;
            }

            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            seen.AddRange(items);
            cursor = (string)page["nextCursor"]!;
            if (items.Count == 0)
            {
                if (stopped)
                {
                    return seen;
                }

                stopped = stop.IsCancellationRequested;
                // Stays: a follower at the end of the log polls again, as a real one does; the pages it reads are the test.
                await Task.Delay(20, CancellationToken.None);
            }
        }

        throw new TimeoutException("the follower did not catch up");
    }

    /// <summary>
    /// Sixteen writers at once, each until fifteen of its events are acknowledged (201); the ids acknowledged. A request
    /// that fails has an unknown outcome (the instance died mid-request): it is tried again and not counted.
    /// </summary>
    private static async Task<ConcurrentBag<string>> WriteAsync(Func<HttpClient> client, string tag, Action<int> afterEach)
    {
        var recorded = new ConcurrentBag<string>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var mine = 0;
            while (mine < EventsPerWriter && DateTime.UtcNow < deadline)
            {
                try
                {
                    var response = await client().PostAsJsonAsync("/api/events", Bodies.Event(tag));
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        recorded.Add((string)(await response.Json())["id"]!);
                        mine++;
                        afterEach(recorded.Count);
                        continue;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                // Stays: a writer's pause before trying again while instances are killed under it is part of the drill.
                await Task.Delay(100);
            }
        })));
        Assert.Equal(Writers * EventsPerWriter, recorded.Count);
        return recorded;
    }

    private static async Task RecordActorsAsync(HttpClient client)
    {
        foreach (var code in new[] { "KP", "RU" })
        {
            (await client.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "state" })).EnsureSuccessStatusCode();
        }
    }

    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Timeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Timeline.sln not found above " + AppContext.BaseDirectory);
    }
}
