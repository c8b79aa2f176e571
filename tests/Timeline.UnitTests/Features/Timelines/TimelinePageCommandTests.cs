using System.Collections;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.UnitTests.Features.Timelines;

/// <summary>
/// A page's command kept for its shape is, for any later query of that shape, the command EF Core builds for that query:
/// the same SQL, the same parameters with the same types and this query's values.
/// </summary>
public class TimelinePageCommandTests
{
    private static readonly DbContextOptions<TimelineDbContext> Options =
        (DbContextOptions<TimelineDbContext>)new DbContextOptionsBuilder<TimelineDbContext>().UseTimelineDatabase("Host=127.0.0.1;Database=none").Options;

    [Fact]
    public void Random_queries_get_the_command_ef_core_builds_for_them()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 600; i++)
        {
            var shape = Shape.Random(random);
            // The first query of a shape makes its command; the second, with other values, must get its own.
            var first = shape.Query(random);
            var second = shape.Query(random);
            using var db = new TimelineDbContext(Options);
            using var made = TimelinePageCommand.Create(db, first);
            AssertSame(TimelineQueryHandler.Views(db, first).CreateDbCommand(), made, first);
            using var kept = TimelinePageCommand.Create(db, second);
            AssertSame(TimelineQueryHandler.Views(db, second).CreateDbCommand(), kept, second);
            Assert.True(TimelinePageCommand.IsKept(second), $"the shape of {second} is built by EF Core every time");
        }
    }

    [Fact]
    public void The_shapes_clients_ask_for_are_kept_not_built_each_time()
    {
        TimelineQuery[] queries =
        [
            new() { Limit = "50" },
            new() { Actor = ["KP"], From = "2023", To = "2023", Limit = "50" },
            new() { Q = "Kursk troops", Limit = "50" },
            new() { Limit = "50", Cursor = new TimelineCursor(new DateOnly(1999, 1, 1), new DateOnly(1999, 12, 31), Guid.NewGuid(), false).Encode() },
            new() { Bbox = "33,46,40,52", Order = "desc" },
            new() { Actor = ["KP"], AsOf = "2025-01-01T00:00:00Z" },
            new() { Type = ["military.*"], Tag = ["troops"], Status = ["recorded"], Authority = ["US OFAC"], Program = ["DPRK3"], Reliability = ["A,B"], Credibility = ["1"], Near = "37.6,55.7,100", PlaceMatch = "within", Match = "within", From = "2022" },
        ];
        foreach (var query in queries)
        {
            using var db = new TimelineDbContext(Options);
            using var command = TimelinePageCommand.Create(db, query);
            Assert.True(TimelinePageCommand.IsKept(query), $"the shape of {query} is built by EF Core every time");
        }
    }

    private static void AssertSame(System.Data.Common.DbCommand expected, System.Data.Common.DbCommand actual, TimelineQuery query)
    {
        using var _ = expected;
        Assert.Equal(expected.CommandText, actual.CommandText);
        var want = expected.Parameters.Cast<NpgsqlParameter>().ToList();
        var got = actual.Parameters.Cast<NpgsqlParameter>().ToList();
        Assert.Equal(want.Select(p => p.ParameterName), got.Select(p => p.ParameterName));
        foreach (var (w, g) in want.Zip(got))
        {
            Assert.Equal(w.NpgsqlDbType, g.NpgsqlDbType);
            var same = (w.Value, g.Value) switch
            {
                (Array a, Array b) => StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
                (Geometry a, Geometry b) => a.EqualsExact(b),
                var (a, b) => Equals(a, b),
            };
            Assert.True(same, $"{w.ParameterName}: {w.Value} expected, {g.Value} given, for {query}");
        }
    }

    /// <summary>Which of a query's parts are set; each query of the shape sets them to values of its own.</summary>
    private sealed record Shape(bool[] Set, string? Match, string? PlaceMatch, string? Order)
    {
        private const int Parts = 14;

        public static Shape Random(Random random) =>
            new([.. Enumerable.Range(0, Parts).Select(_ => random.Next(3) == 0)], Pick(random, null, "within", "overlaps"),
                Pick(random, null, "within"), Pick(random, null, "asc", "desc"));

        public TimelineQuery Query(Random random) => new()
        {
            Actor = Set[0] ? Some(random, "KP", "RU", "IR", "CN", "WAGNER") : null,
            Tag = Set[1] ? Some(random, "Troops", "shipping", "oil") : null,
            Type = Set[2] ? Some(random, "military", "military.*", "sanction.designation", "diplomacy.*") : null,
            Status = Set[3] ? Some(random, "recorded", "retracted", "disputed") : null,
            Authority = Set[4] ? Some(random, "US OFAC", "EU", "UK OFSI") : null,
            Program = Set[5] ? Some(random, "DPRK3", "RUSSIA-EO14024") : null,
            Reliability = Set[6] ? Some(random, "A", "B,C", "F") : null,
            Credibility = Set[7] ? Some(random, "1", "2,3", "6") : null,
            From = Set[8] ? Pick(random, "2023", "2024-05", "2022-03-04", "1999") : null,
            To = Set[9] ? Pick(random, "2023", "2024-05", "2025-12-31") : null,
            Match = Match,
            Q = Set[10] ? Pick(random, "Kursk troops", "oil -tanker", "\"ship to ship\"") : null,
            Bbox = Set[11] ? Pick(random, "33,46,40,52", "-10,-5,10,5") : null,
            Near = Set[12] ? Pick(random, "37.6,55.7,100", "127,37.5,20") : null,
            PlaceMatch = PlaceMatch,
            AsOf = Set[13] ? Pick(random, "2024-01-01T00:00:00Z", "2025-06-30T12:30:00+02:00") : null,
            Order = Order,
            Limit = Pick(random, null, "1", "50", "500"),
            Cursor = random.Next(2) == 0 ? null
                : new TimelineCursor(new DateOnly(2000 + random.Next(25), 1 + random.Next(12), 1), new DateOnly(2026, 1, 1), Guid.NewGuid(), Order == "desc").Encode(),
        };

        private static string? Pick(Random random, params string?[] values) => values[random.Next(values.Length)];

        private static string[] Some(Random random, params string[] values) =>
            [.. values.OrderBy(_ => random.Next()).Take(1 + random.Next(values.Length))];
    }
}
