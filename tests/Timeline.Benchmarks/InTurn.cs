namespace Timeline.Benchmarks;

/// <summary>
/// A path of the API and its physical reference measured in turn, <see cref="Rounds"/> rounds of the one then the other;
/// the round whose ratio is the median is the one reported, both of its sides. The two shared cores' speed drifts by up
/// to half within minutes (pgbench's own rate for the same actor search, ten minutes apart: 4 454 and 3 008 tps), so a
/// single measurement of each, one after the other, compared the machine's moments as much as the paths.
/// </summary>
public static class InTurn
{
    public const int Rounds = 3;

    /// <summary>The seconds each side of a round is measured: half the run's <c>--seconds</c>, three at least.</summary>
    public static int SecondsOf(int seconds) => Math.Max(3, (seconds + 1) / 2);

    /// <param name="api">One measurement of the API's path; <c>true</c> for the first round, which warms it up first.</param>
    /// <param name="reference">One measurement of the reference; <c>true</c> for the first round.</param>
    /// <param name="ratio">What a round's ratio is; by default the API's rate over the reference's.</param>
    /// <returns>The median round's two sides, the API's carrying every round's ratio (<see cref="Throughput.RoundRatios"/>).</returns>
    public static async Task<(Throughput Api, Throughput Reference)> MeasureAsync(Func<bool, Task<Throughput>> api, Func<bool, Task<Throughput>> reference,
        Func<Throughput, Throughput, double>? ratio = null)
    {
        ratio ??= (a, r) => a.PerSecond / r.PerSecond;
        var rounds = new List<(Throughput Api, Throughput Reference, double Ratio)>(Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            var a = await api(round == 0);
            var r = await reference(round == 0);
            rounds.Add((a, r, ratio(a, r)));
        }

        var median = rounds.OrderBy(r => r.Ratio).ElementAt(Rounds / 2);
        return (median.Api with { RoundRatios = [.. rounds.Select(r => r.Ratio)] }, median.Reference);
    }
}
