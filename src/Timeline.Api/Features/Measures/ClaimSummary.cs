using Timeline.Core.Dates;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>A claim with the first and last day its <c>asOf</c> allows, as recorded beside it (null for an open end).</summary>
public readonly record struct DatedClaim(ClaimView Claim, DateOnly? Earliest, DateOnly? Latest);

/// <summary>What the summary reads of a claim: its figure, lineage, address, dates and whether it was retracted.</summary>
public readonly record struct ClaimFacts(Guid Id, Guid? DerivedFrom, string? Url, string Qualifier, decimal? Value, decimal? Low, decimal? High,
    string AsOf, DateOnly? Earliest, DateOnly? Latest, DateTimeOffset RecordedAt, DateTimeOffset? RetractedAt)
{
    /// <summary>The first day <see cref="AsOf"/> allows, for ordering (an open start counts as the end).</summary>
    public DateOnly First => Earliest ?? Latest ?? DateOnly.MinValue;

    /// <summary>The last day <see cref="AsOf"/> allows (an open end counts as the start).</summary>
    public DateOnly Last => Latest ?? Earliest ?? DateOnly.MaxValue;

    /// <summary>The least the claim allows: its <c>low</c>, else its value unless it is only an upper bound (<c>at-most</c>).</summary>
    public decimal? LowerBound => Low ?? (Qualifier is ClaimQualifiers.Exact or ClaimQualifiers.About or ClaimQualifiers.AtLeast ? Value : null);

    /// <summary>The most the claim allows: its <c>high</c>, else its value unless it is only a lower bound (<c>at-least</c>).</summary>
    public decimal? UpperBound => High ?? (Qualifier is ClaimQualifiers.Exact or ClaimQualifiers.About or ClaimQualifiers.AtMost ? Value : null);

    /// <summary>Shown as current at <paramref name="at"/> (now when null), once known: not retracted, or retracted later.</summary>
    public bool IsCurrentAt(DateTimeOffset? at) => RetractedAt is null || (at is not null && RetractedAt > at);

    public static ClaimFacts Of(DatedClaim d) => new(d.Claim.Id, d.Claim.DerivedFrom, d.Claim.Source.Url, d.Claim.Qualifier, d.Claim.Value, d.Claim.Low,
        d.Claim.High, d.Claim.AsOf, d.Earliest, d.Latest, d.Claim.RecordedAt, d.Claim.RetractedAt);
}

/// <summary>
/// What a measure's current claims say together, without averaging the disagreement away: the least any claim allows
/// (<see cref="Low"/>), the most (<see cref="High"/>), how many claims and how many independent sources, and the latest
/// date a figure held. No midpoint, no mean. <see cref="Low"/> or <see cref="High"/> is null when no claim bounds it.
/// </summary>
public sealed record ClaimSummary(decimal? Low, decimal? High, int Claims, int IndependentSources, string? LatestAsOf)
{
    /// <summary>
    /// The claims as known at <paramref name="at"/> (now when null): recorded by then and not retracted by then (a claim
    /// retracted later is shown as it was, current), oldest <c>asOf</c> first, and their summary.
    /// </summary>
    public static (IReadOnlyList<ClaimView> Claims, ClaimSummary Summary) Of(IReadOnlyList<ClaimView> all, DateTimeOffset? at)
    {
        // Each asOf read once: reading EDTF is the costly part of the sort.
        var days = new Dictionary<string, (DateOnly? Earliest, DateOnly? Latest)>(StringComparer.Ordinal);
        var dated = new DatedClaim[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var asOf = all[i].AsOf;
            if (!days.TryGetValue(asOf, out var d))
            {
                d = days[asOf] = EdtfDate.TryParse(asOf, out var date, out _) ? (date.Earliest, date.Latest) : (DateOnly.MinValue, DateOnly.MinValue);
            }

            dated[i] = new DatedClaim(all[i], d.Earliest, d.Latest);
        }

        return Of(dated, at);
    }

    /// <summary>As <see cref="Of(IReadOnlyList{ClaimView}, DateTimeOffset?)"/>, with each claim's days as recorded: no EDTF is read.</summary>
    public static (IReadOnlyList<ClaimView> Claims, ClaimSummary Summary) Of(IReadOnlyList<DatedClaim> all, DateTimeOffset? at)
    {
        var facts = new ClaimFacts[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            facts[i] = ClaimFacts.Of(all[i]);
        }

        var (order, summary) = Of(facts, at);
        var claims = new ClaimView[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var c = all[order[i]].Claim;
            claims[i] = c.RetractedAt is null ? c : c with { Status = MeasureViews.Current, RetractedAt = null, RetractionReason = null };
        }

        return (claims, summary);
    }

    /// <summary>
    /// The current claims as known at <paramref name="at"/>, as indexes into <paramref name="all"/> in the list's order
    /// (oldest <c>asOf</c> first, then the first recorded), and their summary.
    /// </summary>
    public static (int[] Current, ClaimSummary Summary) Of(ReadOnlySpan<ClaimFacts> all, DateTimeOffset? at)
    {
        var known = new List<int>(all.Length);
        var current = new List<int>(all.Length);
        for (var i = 0; i < all.Length; i++)
        {
            ref readonly var c = ref all[i];
            if (at is not null && c.RecordedAt > at)
            {
                continue;
            }

            known.Add(i);
            if (c.IsCurrentAt(at))
            {
                current.Add(i);
            }
        }

        // Sorted by small keys, not by comparing the facts through the list: the sort was a third of the summary's CPU.
        var keys = new OrderKey[current.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            ref readonly var c = ref all[current[k]];
            keys[k] = new OrderKey(c.First, c.RecordedAt, c.Id, current[k]);
        }

        Array.Sort(keys);
        for (var k = 0; k < keys.Length; k++)
        {
            current[k] = keys[k].Index;
        }

        decimal? low = null, high = null;
        var last = -1;
        foreach (var i in current)
        {
            ref readonly var c = ref all[i];
            if (c.LowerBound is { } l && (low is null || l < low))
            {
                low = l;
            }

            if (c.UpperBound is { } h && (high is null || h > high))
            {
                high = h;
            }

            // The first of the latest, in the list's order.
            if (last < 0 || (c.Last, c.First).CompareTo((all[last].Last, all[last].First)) > 0)
            {
                last = i;
            }
        }

        return ([.. current], new ClaimSummary(low, high, current.Count, CountIndependent(all, known, current), last < 0 ? null : all[last].AsOf));
    }

    /// <summary>
    /// Current claims that derive from one another (through <c>derivedFrom</c>, directly or through other claims, a retracted
    /// one included: a lineage does not end when one link is withdrawn) or cite the same URL count once: the number of
    /// groups the current claims fall into when every such link joins two groups.
    /// </summary>
    private static int CountIndependent(ReadOnlySpan<ClaimFacts> all, List<int> known, List<int> current)
    {
        // Groups of positions in the known claims (by index: dictionaries keyed by Guid were half the joining's CPU).
        var position = new Dictionary<Guid, int>(known.Count);
        var positionOf = new int[all.Length];
        var parent = new int[known.Count];
        for (var k = 0; k < known.Count; k++)
        {
            position[all[known[k]].Id] = k;
            positionOf[known[k]] = k;
            parent[k] = k;
        }

        int Root(int k)
        {
            while (parent[k] != k)
            {
                k = parent[k] = parent[parent[k]];
            }

            return k;
        }

        void Join(int a, int b) => parent[Root(a)] = Root(b);

        var byUrl = new Dictionary<string, int>(known.Count, StringComparer.Ordinal);
        for (var k = 0; k < known.Count; k++)
        {
            ref readonly var claim = ref all[known[k]];
            if (claim.DerivedFrom is { } from && position.TryGetValue(from, out var source))
            {
                Join(k, source);
            }

            var url = SameUrl(claim.Url);
            if (url is not null && !byUrl.TryAdd(url, k))
            {
                Join(k, byUrl[url]);
            }
        }

        var roots = new HashSet<int>(current.Count);
        foreach (var i in current)
        {
            roots.Add(Root(positionOf[i]));
        }

        return roots.Count;
    }

    /// <summary>Two citations of one address are one source: compared without a trailing slash or letter case in scheme and host.</summary>
    public static string? SameUrl(string? url) =>
        url is null ? null
        : SourceAddress.Plain(url) is { } plain ? plain
        : Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).TrimEnd('/')
        : url.Trim();

    /// <summary>The list's order: the first day <c>asOf</c> allows, then the first recorded, then the id.</summary>
    private readonly record struct OrderKey(DateOnly First, DateTimeOffset RecordedAt, Guid Id, int Index) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other)
        {
            var byDay = First.CompareTo(other.First);
            if (byDay != 0)
            {
                return byDay;
            }

            var byRecorded = RecordedAt.CompareTo(other.RecordedAt);
            return byRecorded != 0 ? byRecorded : Id.CompareTo(other.Id);
        }
    }
}
