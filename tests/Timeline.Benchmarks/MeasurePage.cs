using System.Globalization;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;

namespace Timeline.Benchmarks;

/// <summary>A measure's page (<c>GET /api/measures/{code}</c>: the measure, its claims and their summary) at <see cref="Claims"/> claims, beside pgbench running its SQL.</summary>
public sealed record MeasurePageResult(int Claims, int Statements, Throughput Api, Throughput Pgbench);

public static class MeasurePage
{
    public const int Claims = 1_000;
    public const string Code = "bench-troops";

    /// <summary>
    /// Records the measure and its claims through the API's own commands (each a change in the log, as an analyst's
    /// would be): figures of every qualifier from sources of every grade, one in ten repeating an earlier claim, one in
    /// five citing an address another claim cites, one in twenty retracted.
    /// </summary>
    public static async Task SeedAsync(InProcessApi api)
    {
        await api.SendAsync(new RecordMeasure { Code = Code, Name = "Troops counted by the benchmark", Unit = "persons", Actors = ["KP", "RU"], RecordedBy = "bench" });
        var random = new Random(1_000);
        string[] qualifiers = ["exact", "about", "at-least", "at-most", "range"];
        string[] grades = ["A", "B", "C", "D", "E", "F"];
        var ids = new List<Guid>(Claims);
        for (var i = 0; i < Claims; i++)
        {
            var qualifier = qualifiers[i % qualifiers.Length];
            var value = 1_000m + random.Next(20_000);
            var url = i % 5 == 0 && i > 0 ? $"https://source{random.Next(i / 5)}.example/report" : $"https://source{i}.example/report";
            var claim = await api.SendAsync(new RecordClaim
            {
                Measure = Code,
                Qualifier = qualifier,
                Value = qualifier == "range" ? null : value,
                Low = qualifier == "range" ? value - 500 : null,
                High = qualifier == "range" ? value + 500 : null,
                AsOf = new DateOnly(2022, 1, 1).AddDays(random.Next(1_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Source = new SourceFields { Url = url, Title = $"Report {i}", Publisher = $"Publisher {i % 40}", Quote = $"some {value} soldiers", Reliability = grades[i % grades.Length] },
                DerivedFrom = i % 10 == 9 ? ids[random.Next(ids.Count)] : null,
                RecordedBy = "bench",
            });
            ids.Add(claim.Id);
        }

        for (var i = 0; i < Claims; i += 20)
        {
            await api.SendAsync(new RetractClaim(ids[i], "a figure misread", "bench"));
        }
    }
}
