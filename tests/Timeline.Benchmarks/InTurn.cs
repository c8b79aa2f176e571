namespace Timeline.Benchmarks;

/// <summary>
/// A path of the API and its physical reference measured in turn, <see cref="Rounds"/> rounds, the one first in a round and
/// the other first in the next; the round whose ratio is the median is the one reported, both of its sides. The two shared
/// cores' speed drifts by up to half within minutes (pgbench's own rate for the same actor search, ten minutes apart: 4 454
/// and 3 008 tps; the bare writes of one run at 516–658 a second in some rounds and 827–925 in others), so a single
/// measurement of each, one after the other, compared the machine's moments as much as the paths. Taking turns at going
/// first cancels a drift that runs one way through a round; five rounds leave two on each side of the median.
/// </summary>
public static class InTurn
{
    public const int Rounds = 5;

    /// <summary>The seconds each side of a round is measured: half the run's <c>--seconds</c>, three at least.</summary>
    public static int SecondsOf(int seconds) => Math.Max(3, (seconds + 1) / 2);

    /// <param name="api">One measurement of the API's path; <c>true</c> for its first, which warms it up first.</param>
    /// <param name="reference">One measurement of the reference; <c>true</c> for its first.</param>
    /// <param name="ratio">What a round's ratio is; by default the API's rate over the reference's.</param>
    /// <returns>The median round's two sides, the API's carrying every round's ratio (<see cref="Throughput.RoundRatios"/>).</returns>
    public static async Task<(Throughput Api, Throughput Reference)> MeasureAsync(Func<bool, Task<Throughput>> api, Func<bool, Task<Throughput>> reference,
        Func<Throughput, Throughput, double>? ratio = null)
    {
        ratio ??= (a, r) => a.PerSecond / r.PerSecond;
        var rounds = new List<(Throughput Api, Throughput Reference, double Ratio)>(Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            Throughput a, r;
            if (round % 2 == 0)
            {
                a = await api(round == 0);
                r = await reference(round == 0);
            }
            else
            {
                r = await reference(false);
                a = await api(false);
            }

            rounds.Add((a, r, ratio(a, r)));
        }

        var median = rounds.OrderBy(r => r.Ratio).ElementAt(Rounds / 2);
        return (median.Api with { RoundRatios = [.. rounds.Select(r => r.Ratio)] }, median.Reference);
    }
}
