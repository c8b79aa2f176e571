using System.Globalization;

namespace Timeline.Benchmarks;

/// <summary>
/// CPU time used by the API process and by the benchmark's PostgreSQL cluster (the postmaster, its live children and
/// the children it has reaped), from /proc: what each request costs each side, whatever else runs on the machine.
/// </summary>
public sealed class CpuMeter(int apiPid, int postmasterPid)
{
    private const double TickMs = 10; // USER_HZ is 100 on Linux

    public readonly record struct Sample(double ApiMs, double PostgresMs);

    public static async Task<int> PostmasterOfAsync(string connectionString)
    {
        var backend = await BenchDatabase.ScalarAsync<int>(connectionString, "SELECT pg_backend_pid()");
        return Stat(backend)?.Ppid ?? throw new InvalidOperationException("the PostgreSQL server is not on this machine");
    }

    public Sample Take()
    {
        var api = Stat(apiPid) is { } a ? a.Utime + a.Stime : 0;
        var pg = 0.0;
        if (Stat(postmasterPid) is { } p)
        {
            pg = p.Utime + p.Stime + p.Cutime + p.Cstime;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } child && child.Ppid == postmasterPid)
            {
                pg += child.Utime + child.Stime;
            }
        }

        return new Sample(api * TickMs, pg * TickMs);
    }

    private sealed record ProcStat(int Ppid, double Utime, double Stime, double Cutime, double Cstime);

    private static ProcStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new ProcStat(int.Parse(f[1], CultureInfo.InvariantCulture), D(11), D(12), D(13), D(14));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
