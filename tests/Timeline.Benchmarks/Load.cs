using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Timeline.Benchmarks;

/// <summary>Requests (or transactions) per second and latency, from whichever load generator measured them.</summary>
public sealed record Throughput(string Tool, long Requests, double Seconds, double PerSecond, double P50Ms, double P99Ms, long Errors)
{
    /// <summary>CPU per request (or transaction) in the API process and in PostgreSQL, when measured.</summary>
    public double ApiCpuMs { get; init; } = double.NaN;
    public double PostgresCpuMs { get; init; } = double.NaN;

    /// <summary>Measured in turn with a reference (<see cref="InTurn"/>): every round's ratio, in the order measured; this is the median round.</summary>
    public IReadOnlyList<double>? RoundRatios { get; init; }

    public string Latency => double.IsNaN(P50Ms) ? "–" : FormattableString.Invariant($"{P50Ms:0.00} / {P99Ms:0.00}");

    public string Cpu => double.IsNaN(PostgresCpuMs)
        ? ""
        : double.IsNaN(ApiCpuMs)
            ? FormattableString.Invariant($"; CPU per transaction: PostgreSQL {PostgresCpuMs:0.00} ms")
            : FormattableString.Invariant($"; CPU per request: API {ApiCpuMs:0.00} ms, PostgreSQL {PostgresCpuMs:0.00} ms");

    public Throughput Metered(CpuMeter.Sample before, CpuMeter.Sample after, bool api) => this with
    {
        ApiCpuMs = api ? (after.ApiMs - before.ApiMs) / Requests : double.NaN,
        PostgresCpuMs = (after.PostgresMs - before.PostgresMs) / Requests,
    };
}

public static class Load
{
    public const int Concurrency = 16;

    private static async Task<(int Code, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, string? cwd = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (cwd is not null)
        {
            start.WorkingDirectory = cwd;
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private const string WrkDone = """
        done = function(summary, latency, requests)
          io.write(string.format('{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
            summary.requests, summary.duration, summary.errors.status,
            summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
            latency:percentile(50), latency:percentile(99)))
        end
        """;

    /// <summary>GETs of one URL at <see cref="Concurrency"/> connections for a while, by wrk (a process of its own).</summary>
    public static Task<Throughput> WrkGetAsync(string baseUrl, string pathAndQuery, string key, int seconds, string workDir) =>
        WrkAsync(baseUrl + pathAndQuery, $$"""
            wrk.method = "GET"
            wrk.headers["Authorization"] = "Bearer {{key}}"
            {{WrkDone}}
            """, seconds, workDir);

    /// <summary>POSTs of a new event each time (the title counts up per thread), by wrk.</summary>
    public static Task<Throughput> WrkPostEventsAsync(string baseUrl, string key, int seconds, string workDir) =>
        WrkAsync(baseUrl + "/api/events", $$"""
            local counter = 0
            local thread_tag = tostring(math.random(1, 1000000000))
            request = function()
              counter = counter + 1
              local body = '{"title":"Benchmark event ' .. thread_tag .. ' ' .. counter .. '",' ..
                '"summary":"Ukrainian officials report a new shipment of drone components through Odesa, citing intelligence assessments.",' ..
                '"occurred":"2024-10-23","type":"military.supply","status":"reported","actors":["RU","UA"],"tags":["drones","bench"],' ..
                '"sources":[{"url":"https://www.reuters.com/2024/bench","title":"Drone components shipped","publisher":"Reuters","published":"2024-10-24"}]}'
              return wrk.format("POST", "/api/events", {["Authorization"] = "Bearer {{key}}", ["Content-Type"] = "application/json"}, body)
            end
            {{WrkDone}}
            """, seconds, workDir);

    /// <summary>The body wrk posts (its Lua script builds the same), for clients in the harness itself.</summary>
    public static object EventBody(string title) => new
    {
        title,
        summary = "Ukrainian officials report a new shipment of drone components through Odesa, citing intelligence assessments.",
        occurred = "2024-10-23",
        type = "military.supply",
        status = "reported",
        actors = new[] { "RU", "UA" },
        tags = new[] { "drones", "bench" },
        sources = new[] { new { url = "https://www.reuters.com/2024/bench", title = "Drone components shipped", publisher = "Reuters", published = "2024-10-24" } },
    };

    private static async Task<Throughput> WrkAsync(string url, string lua, int seconds, string workDir)
    {
        var script = Path.Combine(workDir, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, lua);
        var (code, output, error) = await RunAsync("wrk", ["-t2", $"-c{Concurrency}", $"-d{seconds}s", "--timeout", "30s", "-s", script, url]);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || json is null)
        {
            throw new InvalidOperationException($"wrk failed ({code}): {output} {error}");
        }

        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var requests = r.GetProperty("requests").GetInt64();
        var duration = r.GetProperty("duration_us").GetInt64() / 1e6;
        return new Throughput("wrk", requests, duration, requests / duration,
            r.GetProperty("p50_us").GetInt64() / 1000.0, r.GetProperty("p99_us").GetInt64() / 1000.0,
            r.GetProperty("status_errors").GetInt64() + r.GetProperty("socket_errors").GetInt64());
    }

    /// <summary>
    /// pgbench running one SQL script at <see cref="Concurrency"/> clients; latency percentiles from its per-transaction log.
    /// <paramref name="protocol"/> as the API sends that SQL: <c>extended</c> (planned each time) or <c>prepared</c> (planned once a connection).
    /// </summary>
    public static async Task<Throughput> PgbenchAsync(string pgbench, PgTarget target, string sql, int seconds, string workDir, string protocol = "extended")
    {
        var dir = Path.Combine(workDir, $"pgbench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var script = Path.Combine(dir, "script.sql");
        await File.WriteAllTextAsync(script, sql);
        var (code, output, error) = await RunAsync(pgbench,
            ["-n", "-h", target.Host, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.User, "-c", Concurrency.ToString(CultureInfo.InvariantCulture),
             "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-M", protocol, "-l", "--log-prefix", Path.Combine(dir, "log"), "-f", script, target.Database],
            // The session settings the API's connections have (time limits, no JIT), so both run the SQL alike.
            new Dictionary<string, string> { ["PGPASSWORD"] = target.Password, ["PGOPTIONS"] = new Timeline.Api.Platform.Hosting.DatabaseOptions().SessionOptions }, dir);
        if (code != 0)
        {
            throw new InvalidOperationException($"pgbench failed ({code}): {output} {error}");
        }

        var latencies = new List<long>();
        foreach (var file in Directory.EnumerateFiles(dir, "log*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length > 2 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var us))
                {
                    latencies.Add(us);
                }
            }
        }

        latencies.Sort();
        var tps = double.Parse(System.Text.RegularExpressions.Regex.Match(output, @"tps = ([0-9.]+) \(without initial connection time\)").Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = System.Text.RegularExpressions.Regex.Match(output, @"number of failed transactions: (\d+)");
        Directory.Delete(dir, recursive: true);
        return new Throughput("pgbench", latencies.Count, latencies.Count / tps, tps,
            Percentile(latencies, 50) / 1000.0, Percentile(latencies, 99) / 1000.0, failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>An in-harness load loop (still a process apart from the API): for the smoke run, where wrk may be missing.</summary>
    public static async Task<Throughput> HttpGetAsync(HttpClient http, string pathAndQuery, int concurrency, TimeSpan duration)
    {
        var latencies = new List<long>[concurrency];
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            latencies[w] = [];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(pathAndQuery);
                await response.Content.ReadAsByteArrayAsync();
                latencies[w].Add((long)(Stopwatch.GetElapsedTime(started).TotalMicroseconds));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Throughput("HttpClient", all.Count, seconds, all.Count / seconds, Percentile(all, 50) / 1000.0, Percentile(all, 99) / 1000.0, errors);
    }

    public static double Percentile(List<long> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

public sealed record PgTarget(string Host, int Port, string Database, string User, string Password)
{
    public static PgTarget From(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new PgTarget(b.Host ?? "127.0.0.1", b.Port, b.Database ?? "timeline", b.Username ?? "timeline", b.Password ?? "");
    }
}
