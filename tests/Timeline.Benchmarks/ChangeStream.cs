using System.Diagnostics;
using System.Globalization;

namespace Timeline.Benchmarks;

/// <summary>The whole change log read as NDJSON from <c>GET /api/changes</c>, beside PostgreSQL's own <c>COPY … TO STDOUT</c> of it.</summary>
public sealed record ChangeStreamResult(long Changes, long Bytes, double Seconds, double FirstByteMs, double ApiCpuSeconds, double PostgresCpuSeconds,
    double PeakBeforeMiB, double PeakAfterMiB, double RssAfterMiB, long CopyRows, long CopyBytes, double CopySeconds, double CopyPostgresCpuSeconds)
{
    public double PerSecond => Changes / Seconds;
    public double CopyPerSecond => CopyRows / CopySeconds;
}

public static class ChangeStream
{
    /// <summary>The columns the NDJSON lines carry, in log order: what the stream reads, without the API.</summary>
    public const string CopySql = "COPY (SELECT sequence, tx, at, kind, entity, entity_id, version, data FROM timeline.changes ORDER BY tx, sequence) TO STDOUT";

    public static async Task<ChangeStreamResult> MeasureAsync(ApiProcess api, string key, string cs, CpuMeter meter, string psql)
    {
        var peakBefore = api.Memory().PeakMiB;
        using var http = api.Client(key, TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/changes");
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        var cpuBefore = meter.Take();
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        long lines = 0, bytes = 0;
        var firstByte = double.NaN;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (bytes == 0)
            {
                firstByte = clock.Elapsed.TotalMilliseconds;
            }

            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = meter.Take();
        var (peakAfter, rss) = api.Memory();

        var (copyRows, copyBytes, copySeconds, copyCpu) = await CopyAsync(cs, meter, psql);
        return new ChangeStreamResult(lines, bytes, seconds, firstByte, (cpu.ApiMs - cpuBefore.ApiMs) / 1000, (cpu.PostgresMs - cpuBefore.PostgresMs) / 1000,
            peakBefore, peakAfter, rss, copyRows, copyBytes, copySeconds, copyCpu);
    }

    /// <summary>psql, a process of its own as the API's client is, copying the log in its order to a file it counts.</summary>
    private static async Task<(long Rows, long Bytes, double Seconds, double PostgresCpuSeconds)> CopyAsync(string cs, CpuMeter meter, string psql)
    {
        var target = PgTarget.From(cs);
        var start = new ProcessStartInfo(psql) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-X", "-q", "-h", target.Host, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.User, "-d", target.Database, "-c", CopySql })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PGPASSWORD"] = target.Password;
        var before = meter.Take();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start psql");
        var stderr = process.StandardError.ReadToEndAsync();
        var buffer = new byte[256 * 1024];
        long rows = 0, bytes = 0;
        int read;
        var output = process.StandardOutput.BaseStream;
        while ((read = await output.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            rows += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed ({process.ExitCode}): {await stderr}");
        }

        return (rows, bytes, seconds, (meter.Take().PostgresMs - before.PostgresMs) / 1000);
    }
}
