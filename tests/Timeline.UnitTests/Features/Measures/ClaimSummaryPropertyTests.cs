using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Api.Features.Measures;

namespace Timeline.UnitTests.Features.Measures;

/// <summary>The summary against a plain recomputation, over random claim sets, lineages, retractions and instants.</summary>
public class ClaimSummaryPropertyTests
{
    private static readonly DateTimeOffset Start = new(2024, 10, 25, 9, 0, 0, TimeSpan.Zero);

    public sealed record Case(IReadOnlyList<ClaimView> Claims, DateTimeOffset? At)
    {
        public override string ToString() =>
            $"at {At:O}: " + string.Join("; ", Claims.Select((c, i) =>
                $"#{i} {c.Qualifier} {c.Value} [{c.Low},{c.High}] {c.AsOf} {c.Source.Url} from {Index(c.DerivedFrom)} retracted {c.RetractedAt:HH:mm}"));

        private int Index(Guid? id) => id is null ? -1 : Claims.ToList().FindIndex(c => c.Id == id);
    }

    private static readonly Gen<(string Qualifier, decimal? Value, decimal? Low, decimal? High)> Figure =
        from qualifier in Gen.Elements("exact", "about", "at-least", "at-most", "range")
        from value in Gen.Choose(0, 20_000)
        from below in Gen.Choose(0, 5_000)
        from above in Gen.Choose(0, 5_000)
        from withLow in Gen.Elements(true, false)
        from withHigh in Gen.Elements(true, false)
        from withValue in Gen.Elements(true, false)
        select qualifier == "range"
            ? (qualifier, withValue ? value : (decimal?)null, (decimal?)(value - below), (decimal?)(value + above))
            : (qualifier, (decimal?)value, withLow ? value - below : null, withHigh ? value + above : null);

    private static Gen<ClaimView> ClaimAt(int index, Gen<Guid?> derivedFrom) =>
        from figure in Figure
        from day in Gen.Choose(1, 28)
        from url in Gen.Elements("https://a.example/1", "https://b.example/2", "https://c.example/3", "https://d.example/4", "https://e.example/5",
            "https://f.example/6")
        from lineage in derivedFrom
        from retractAfter in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(1, 30)))
        select ClaimSummaryTests.Claim(index * 2, figure.Value, figure.Qualifier, url, $"2024-10-{day:D2}", figure.Low, figure.High, lineage,
            retractAfter < 0 ? null : Start.AddMinutes(index * 2 + retractAfter)) with { Id = Guid.NewGuid() };

    /// <summary>Each claim recorded two minutes after the one before; it may derive from any claim before it.</summary>
    private static readonly Gen<IReadOnlyList<ClaimView>> Claims =
        Gen.Choose(0, 12).SelectMany(count => Enumerable.Range(0, count).Aggregate(
            Gen.Constant((IReadOnlyList<ClaimView>)[]),
            (soFar, index) => soFar.SelectMany(list =>
                ClaimAt(index, list.Count == 0
                        ? Gen.Constant((Guid?)null)
                        : Gen.Frequency((1, Gen.Constant((Guid?)null)), (1, Gen.Elements(list.Select(c => (Guid?)c.Id).ToArray()))))
                    .Select(claim => (IReadOnlyList<ClaimView>)[.. list, claim]))));

    private static readonly Gen<Case> Cases =
        from claims in Claims
        from at in Gen.Frequency((1, Gen.Constant((DateTimeOffset?)null)), (2, Gen.Choose(-1, 60).Select(m => (DateTimeOffset?)Start.AddMinutes(m))))
        from shuffled in Gen.Shuffle(claims.ToArray())
        select new Case(shuffled, at);

    private static bool IsCurrent(ClaimView c, DateTimeOffset? at) =>
        at is null ? c.RetractedAt is null : c.RecordedAt <= at && !(c.RetractedAt <= at);

    [Property(MaxTest = 300)]
    public Property Low_and_high_are_the_least_and_the_most_any_current_claim_allows() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var current = c.Claims.Where(x => IsCurrent(x, c.At)).ToList();
            decimal? least = null, most = null;
            foreach (var x in current)
            {
                var lower = x.Low ?? (x.Qualifier == "at-most" || x.Qualifier == "range" ? null : x.Value);
                var upper = x.High ?? (x.Qualifier == "at-least" || x.Qualifier == "range" ? null : x.Value);
                if (lower is not null && (least is null || lower < least))
                {
                    least = lower;
                }

                if (upper is not null && (most is null || upper > most))
                {
                    most = upper;
                }
            }

            var (_, summary) = ClaimSummary.Of(c.Claims, c.At);
            return summary.Low == least && summary.High == most && summary.Claims == current.Count;
        });

    [Property(MaxTest = 300)]
    public Property Independent_sources_are_the_groups_of_claims_joined_by_lineage_or_url() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var known = c.Claims.Where(x => c.At is null || x.RecordedAt <= c.At).ToList();
            var n = known.Count;
            var joined = new bool[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    joined[i, j] = i == j || known[i].DerivedFrom == known[j].Id || known[j].DerivedFrom == known[i].Id
                        || known[i].Source.Url == known[j].Source.Url;
                }
            }

            // Joined directly or through others: the transitive closure.
            for (var k = 0; k < n; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        joined[i, j] |= joined[i, k] && joined[k, j];
                    }
                }
            }

            var current = Enumerable.Range(0, n).Where(i => IsCurrent(known[i], c.At)).ToList();
            var groups = current.Count(i => !current.Any(j => j < i && joined[i, j]));
            var (_, summary) = ClaimSummary.Of(c.Claims, c.At);
            return (summary.IndependentSources == groups).Label($"expected {groups}, got {summary.IndependentSources}");
        });

    [Property(MaxTest = 300)]
    public Property The_list_is_the_current_claims_oldest_as_of_first_and_latest_as_of_is_the_last_date() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var current = c.Claims.Where(x => IsCurrent(x, c.At)).ToList();
            var (claims, summary) = ClaimSummary.Of(c.Claims, c.At);
            var sameSet = claims.Select(x => x.Id).Order().SequenceEqual(current.Select(x => x.Id).Order());
            var ordered = claims.Zip(claims.Skip(1)).All(p => string.CompareOrdinal(p.First.AsOf, p.Second.AsOf) <= 0);
            var allCurrent = claims.All(x => x.Status == MeasureViews.Current && x.RetractedAt is null);
            var latest = current.Count == 0 ? null : current.Max(x => x.AsOf);
            return sameSet && ordered && allCurrent && summary.LatestAsOf == latest;
        });
}
