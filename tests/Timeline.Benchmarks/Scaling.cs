using System.Globalization;
using Npgsql;

namespace Timeline.Benchmarks;

/// <summary>
/// Reads and writes per second at 1, 2 and 3 API instances on one primary and its streaming replica (script/bench
/// --scaling): every instance gets its own wrk at <see cref="Load.Concurrency"/> connections, so the offered load
/// grows with the instances, as it does behind a load balancer; the figures are the sums over the instances.
/// </summary>
internal static class Scaling
{
    private const string ReadPath = "/api/timeline?actor=KP&from=2023&to=2023&limit=50";

    private sealed record Row(int Instances, Throughput Reads, Throughput Writes, double LoadBefore, double LoadAfter, string ReadFrom);

    public static async Task<int> RunAsync(Options o)
    {
        var server = o.Get("connection");
        var replicaServer = o.Get("replica");
        var apiDll = o.Get("api-dll");
        var counts = o.Get("instances", "1,2,3").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var seconds = (int)o.Long("seconds", 10);
        var size = o.Long("size", 10_000);
        var work = o.Get("work", Path.Combine(Path.GetTempPath(), "timeline-bench-scaling"));
        Directory.CreateDirectory(work);
        const string Name = "timeline_bench_scaling";
        var cs = await BenchDatabase.CreateAsync(server, Name);
        var replica = new NpgsqlConnectionStringBuilder(replicaServer) { Database = Name }.ConnectionString;
        var environment = new Dictionary<string, string> { ["ConnectionStrings__TimelineReplica"] = replica };
        try
        {
            string key;
            await using (var first = await ApiProcess.StartAsync(apiDll, cs, Path.Combine(work, "api-setup.log"), "Warning", environment: environment))
            {
                key = await first.CreateKeyAsync("editor");
                using var editor = first.Client(key);
                await Bench.SetUpAsync(editor);
                var imported = await Bench.ImportAsync(editor, new DataSet().Ndjson(0, size));
                Say($"imported {imported:N0} events");
                // The matcher runs in the API: it must be up while the import's alerts are matched.
                await Writes.MatcherCaughtUpAsync(cs, TimeSpan.FromMinutes(30));
            }

            await BenchDatabase.ExecuteAsync(cs, "VACUUM ANALYZE timeline.events, timeline.alerts");
            var rows = new List<Row>();
            foreach (var count in counts)
            {
                var apis = new List<ApiProcess>();
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        apis.Add(await ApiProcess.StartAsync(apiDll, cs, Path.Combine(work, $"api-{count}-{i}.log"), "Warning", environment: environment));
                    }

                    using var probe = apis[0].Client(key);
                    var readFrom = (await probe.GetAsync(ReadPath)).Headers.TryGetValues("Timeline-Read-From", out var from) ? from.Single() : "?";
                    await Task.WhenAll(apis.Select(a => Load.WrkGetAsync(a.BaseUrl, ReadPath, key, 2, work))); // warm-up
                    var before = Report.LoadAverage();
                    var reads = Sum(await Task.WhenAll(apis.Select(a => Load.WrkGetAsync(a.BaseUrl, ReadPath, key, seconds, work))));
                    var writes = Sum(await Task.WhenAll(apis.Select(a => Load.WrkPostEventsAsync(a.BaseUrl, key, seconds, work))));
                    var row = new Row(count, reads, writes, before, Report.LoadAverage(), readFrom);
                    rows.Add(row);
                    Say(FormattableString.Invariant(
                        $"{count} instance(s): reads {reads.PerSecond:0} req/s (p99 {reads.P99Ms:0} ms, {reads.Errors} errors, from the {readFrom}), writes {writes.PerSecond:0} req/s (p99 {writes.P99Ms:0} ms, {writes.Errors} errors), load {before:0.0} → {row.LoadAfter:0.0}"));
                }
                finally
                {
                    foreach (var api in apis)
                    {
                        await api.DisposeAsync();
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"| instances | reads req/s (`GET {ReadPath}`) | read p99 ms | writes req/s (`POST /api/events`) | write p99 ms | errors | load average before → after |"));
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in rows)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"| {r.Instances} | {r.Reads.PerSecond:0} | {r.Reads.P99Ms:0} | {r.Writes.PerSecond:0} | {r.Writes.P99Ms:0} | {r.Reads.Errors + r.Writes.Errors} | {r.LoadBefore:0.0} → {r.LoadAfter:0.0} |"));
            }

            return rows.All(r => r.Reads.Errors == 0 && r.Writes.Errors == 0 && r.ReadFrom == "replica") ? 0 : 1;
        }
        finally
        {
            await BenchDatabase.DropAsync(server, Name);
        }
    }

    /// <summary>Loads run side by side: requests add up; the latencies given are the worst instance's.</summary>
    private static Throughput Sum(Throughput[] parts) => new("wrk", parts.Sum(p => p.Requests), parts.Max(p => p.Seconds),
        parts.Sum(p => p.PerSecond), parts.Max(p => p.P50Ms), parts.Max(p => p.P99Ms), parts.Sum(p => p.Errors));

    private static void Say(string text) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] scaling: {text}");
}
