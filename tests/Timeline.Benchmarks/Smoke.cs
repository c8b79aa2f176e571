using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.Api.Features.Timelines;

namespace Timeline.Benchmarks;

internal static class Smoke
{
    /// <summary>
    /// The harness's path at a small size, end to end, in a few seconds: a database, the API as a process, the data set,
    /// one bulk import, one timeline measurement, a few writes with their alerts read off the stream, the log as NDJSON
    /// beside COPY. Run by an integration test so that the harness cannot rot.
    /// </summary>
    public static async Task<int> RunAsync(Options o)
    {
        var server = o.Get("connection");
        var size = o.Long("size", 10_000);
        var work = Path.Combine(Path.GetTempPath(), $"timeline-bench-smoke-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var name = $"timeline_bench_smoke_{Guid.NewGuid():N}"[..40];
        var cs = await BenchDatabase.CreateAsync(server, name);
        try
        {
            await using var api = await ApiProcess.StartAsync(o.Get("api-dll"), cs, Path.Combine(work, "api.log"), "Warning");
            var editorKey = await api.CreateKeyAsync("editor");
            using var editor = api.Client(editorKey);
            await Bench.SetUpAsync(editor);
            var body = new DataSet().Ndjson(0, size);
            var clock = Stopwatch.StartNew();
            var imported = await Bench.ImportAsync(editor, body);
            var seconds = clock.Elapsed.TotalSeconds;
            var stored = await BenchDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM timeline.events");
            await using var inProcess = new InProcessApi(cs);
            var sql = await inProcess.TimelineSqlAsync(new TimelineQuery { Actor = ["KP"], From = "2023", To = "2023", Limit = "50" });
            var timeline = await Load.HttpGetAsync(editor, "/api/timeline?actor=KP&from=2023&to=2023&limit=50", 4, TimeSpan.FromSeconds(1));
            var page = await editor.GetFromJsonAsync<JsonObject>("/api/timeline?actor=KP&from=2023&to=2023&limit=50");
            var items = page!["items"]!.AsArray().Count;
            Console.WriteLine(FormattableString.Invariant(
                $"smoke: imported {imported} events ({imported / seconds:0} events/s), stored {stored}; timeline {timeline.PerSecond:0} req/s, p50 {timeline.P50Ms:0.00} ms, p99 {timeline.P99Ms:0.00} ms, {timeline.Errors} errors, {items} items; peak memory {api.Memory().PeakMiB:0} MiB"));
            Console.WriteLine($"smoke: timeline SQL: {sql.ReplaceLineEndings(" ")}");

            // The writes' measurements at a tiny size: subscriptions as the benchmark makes them, one more through the
            // API that the events written surely match, an SSE client on their alerts, then the log as NDJSON.
            await Writes.MatcherCaughtUpAsync(cs, TimeSpan.FromMinutes(1));
            var (subscriberKey, subscriberId) = await api.CreateKeyWithIdAsync("reader");
            await Subscribers.AddAsync(inProcess, 200, subscriberId, DateTimeOffset.UtcNow);
            using var subscriber = api.Client(subscriberKey);
            (await subscriber.PostAsJsonAsync("/api/subscriptions", new { name = "RU watch", filter = new { actor = new[] { "RU" } } })).EnsureSuccessStatusCode();
            await using var probe = await AlertProbe.OpenAsync(api, subscriberKey);
            const int WriteCount = 20;
            for (var i = 0; i < WriteCount; i++)
            {
                (await editor.PostAsJsonAsync("/api/events", Load.EventBody($"Benchmark event smoke {i}"))).EnsureSuccessStatusCode();
            }

            await Writes.MatcherCaughtUpAsync(cs, TimeSpan.FromMinutes(1));
            var alerts = await BenchDatabase.ScalarAsync<long>(cs,
                $"SELECT count(*) FROM timeline.alerts a JOIN timeline.subscriptions s ON s.id = a.subscription_id WHERE s.owner_key_id = '{subscriberId}'");
            var streamed = await probe.WaitForAsync(alerts, TimeSpan.FromSeconds(30));
            var lags = probe.Lags();
            var stream = await ChangeStream.MeasureAsync(api, editorKey, cs, new CpuMeter(api.Pid, await CpuMeter.PostmasterOfAsync(cs)), o.Get("psql", Load.Has("psql") ? "psql" : "/usr/lib/postgresql/15/bin/psql"));
            Console.WriteLine(FormattableString.Invariant(
                $"smoke: {alerts} alerts of {WriteCount} writes, lag p50 {lags.P50:0} ms, p99 {lags.P99:0} ms; NDJSON {stream.Changes} changes ({stream.PerSecond:0}/s, first bytes {stream.FirstByteMs:0} ms), COPY {stream.CopyRows} rows"));
            var ok = imported == size && stored == size && timeline.Errors == 0 && timeline.Requests > 0 && items == 50 && sql.Contains("'KP'", StringComparison.Ordinal)
                && alerts >= WriteCount && !double.IsNaN(streamed) && lags.Count == alerts && stream.Changes >= size + WriteCount && stream.CopyRows == stream.Changes;
            Console.WriteLine(ok ? "smoke: ok" : "smoke: FAILED");
            return ok ? 0 : 1;
        }
        finally
        {
            if (o.Get("keep-database", "false") == "true")
            {
                Console.WriteLine($"smoke: kept database {name}");
            }
            else
            {
                await BenchDatabase.DropAsync(server, name);
            }

            Directory.Delete(work, recursive: true);
        }
    }
}
