using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Timeline.Benchmarks;

/// <summary>One format of <c>GET /api/timeline/download</c> over the whole timeline, beside psql's <c>COPY</c> of the same rows.</summary>
public sealed record DownloadResult(string Format, long Events, long Bytes, double FirstByteMs, double Seconds, double ApiCpuSeconds, double PostgresCpuSeconds,
    double PeakBeforeMiB, double PeakAfterMiB, double RssBeforeMiB, double RssMaxMiB)
{
    public double PerSecond => Events / Seconds;
}

/// <summary>The reference: psql copying the timeline query's rows (its SQL without the page's limit) in its order, as CSV.</summary>
public sealed record DownloadCopyResult(long Rows, long Bytes, double Seconds, double PostgresCpuSeconds)
{
    public double PerSecond => Rows / Seconds;
}

/// <summary>The formats, the COPY of the timeline's rows, and for GeoJSON the COPY of its features (one per event place, with the place's shape as GeoJSON).</summary>
public sealed record DownloadsResult(IReadOnlyList<DownloadResult> Formats, DownloadCopyResult Copy, long Events, long Features, DownloadCopyResult GeoJsonCopy);

public static class Downloads
{
    public static readonly string[] Formats = ["csv", "ndjson", "ftm", "timelinejs", "geojson"];

    /// <summary>
    /// Each format downloaded whole, read as it arrives and counted; the API's memory sampled every 50 ms meanwhile
    /// (VmRSS), beside its peak (VmHWM) before and after. <paramref name="pageSql"/> is the SQL of the download's first
    /// page, as the API sends it: without its LIMIT it is every row the download writes.
    /// </summary>
    public static async Task<DownloadsResult> MeasureAsync(ApiProcess api, string key, string cs, CpuMeter meter, string psql, string pageSql, Action<string> say)
    {
        var all = Regex.Replace(pageSql.Trim(), @"\s+LIMIT\s+\d+\s*$", "", RegexOptions.IgnoreCase);
        var events = await BenchDatabase.ScalarAsync<long>(cs, $"SELECT count(*) FROM ({all}) AS download");
        var results = new List<DownloadResult>();
        using var http = api.Client(key, TimeSpan.FromHours(1));
        foreach (var format in Formats)
        {
            // A warm-up of the format on one day's events, so the figure is the download's and not the first call's JIT.
            using (var warmUp = await http.GetAsync($"/api/timeline/download?format={format}&from=2024-01-01&to=2024-01-01"))
            {
                warmUp.EnsureSuccessStatusCode();
                await warmUp.Content.ReadAsByteArrayAsync();
            }

            var (peakBefore, rssBefore) = api.Memory();
            var rssMax = rssBefore;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    rssMax = Math.Max(rssMax, api.Memory().CurrentMiB);
                    try
                    {
                        await Task.Delay(50, sampling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
            var cpuBefore = meter.Take();
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/api/timeline/download?format={format}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256 * 1024];
            long bytes = 0;
            var firstByte = double.NaN;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                if (bytes == 0)
                {
                    firstByte = clock.Elapsed.TotalMilliseconds;
                }

                bytes += read;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = meter.Take();
            await sampling.CancelAsync();
            await sampler;
            var (peakAfter, rssAfter) = api.Memory();
            var result = new DownloadResult(format, events, bytes, firstByte, seconds, (cpu.ApiMs - cpuBefore.ApiMs) / 1000, (cpu.PostgresMs - cpuBefore.PostgresMs) / 1000,
                peakBefore, peakAfter, rssBefore, Math.Max(rssMax, rssAfter));
            say(FormattableString.Invariant($"download {format}: {bytes / 1e6:0} MB in {seconds:0.0} s ({result.PerSecond:0} events/s), first bytes {firstByte:0} ms, VmRSS {rssBefore:0} → max {result.RssMaxMiB:0} MiB, VmHWM {peakBefore:0} → {peakAfter:0} MiB"));
            results.Add(result);
        }

        var copy = await CopyAsync(cs, meter, psql, all, events);
        say(FormattableString.Invariant($"psql COPY of the download's rows: {copy.Bytes / 1e6:0} MB in {copy.Seconds:0.0} s ({copy.PerSecond:0} rows/s)"));
        var features = await BenchDatabase.ScalarAsync<long>(cs, $"SELECT count(*) FROM ({GeoJsonFeaturesSql}) AS features");
        var geoJsonCopy = await CopyAsync(cs, meter, psql, GeoJsonFeaturesSql, features);
        say(FormattableString.Invariant($"psql COPY of the GeoJSON download's {features:N0} features: {geoJsonCopy.Bytes / 1e6:0} MB in {geoJsonCopy.Seconds:0.0} s ({geoJsonCopy.PerSecond:0} rows/s)"));
        return new DownloadsResult(results, copy, events, features, geoJsonCopy);
    }

    /// <summary>
    /// What the GeoJSON download writes, as SQL: over every event of the timeline in its order, a row per event place with
    /// the event's members, the place's, and its shape as GeoJSON (the point for an exact or near place, else the area), as
    /// <c>Footprint.ShapeOf</c> chooses it.
    /// </summary>
    public const string GeoJsonFeaturesSql = """
        SELECT e.id, e.title, e.occurred, NULLIF(e.earliest, '-infinity'::date), NULLIF(e.latest, 'infinity'::date), e.precision, e.type, e.status,
               p.code, p.name, ep.value->>'Role', ep.value->>'Precision', (ep.value->>'Precision') IN ('exact', 'near'), ep.value->>'UncertaintyKm',
               ST_AsGeoJSON(CASE WHEN ep.value->>'Precision' IN ('exact', 'near') THEN COALESCE(p.point, p.area) ELSE COALESCE(p.area, p.point) END)
        FROM timeline.events AS e
        CROSS JOIN LATERAL jsonb_array_elements(e.places) WITH ORDINALITY AS ep(value, n)
        JOIN timeline.places AS p ON p.code = ep.value->>'Place'
        ORDER BY e.earliest, e.latest, e.id, ep.n
        """;

    private static async Task<DownloadCopyResult> CopyAsync(string cs, CpuMeter meter, string psql, string sql, long events)
    {
        var target = PgTarget.From(cs);
        var start = new ProcessStartInfo(psql) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-X", "-q", "-h", target.Host, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.User, "-d", target.Database,
                     "-c", $"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PGPASSWORD"] = target.Password;
        var before = meter.Take();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start psql");
        var stderr = process.StandardError.ReadToEndAsync();
        var buffer = new byte[256 * 1024];
        long bytes = 0;
        int read;
        var output = process.StandardOutput.BaseStream;
        while ((read = await output.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }

        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed ({process.ExitCode}): {await stderr}");
        }

        // The rows are the download's events (counted by the query itself: a quoted cell may hold a line break).
        return new DownloadCopyResult(events, bytes, seconds, (meter.Take().PostgresMs - before.PostgresMs) / 1000);
    }
}
