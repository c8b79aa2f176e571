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
    public static (int[] Current, ClaimSummary Summary) Of(IReadOnlyList<ClaimFacts> all, DateTimeOffset? at)
    {
        var known = new List<int>(all.Count);
        var current = new List<int>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            var c = all[i];
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

        current.Sort((a, b) =>
        {
            var x = all[a];
            var y = all[b];
            var byDay = x.First.CompareTo(y.First);
            if (byDay != 0)
            {
                return byDay;
            }

            var byRecorded = x.RecordedAt.CompareTo(y.RecordedAt);
            return byRecorded != 0 ? byRecorded : x.Id.CompareTo(y.Id);
        });

        decimal? low = null, high = null;
        var last = -1;
        foreach (var i in current)
        {
            var c = all[i];
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
    private static int CountIndependent(IReadOnlyList<ClaimFacts> all, List<int> known, List<int> current)
    {
        var parent = new Dictionary<Guid, Guid>(known.Count);
        foreach (var i in known)
        {
            parent[all[i].Id] = all[i].Id;
        }

        Guid Root(Guid id)
        {
            while (parent[id] != id)
            {
                id = parent[id] = parent[parent[id]];
            }

            return id;
        }

        void Join(Guid a, Guid b) => parent[Root(a)] = Root(b);

        var byUrl = new Dictionary<string, Guid>(known.Count, StringComparer.Ordinal);
        foreach (var i in known)
        {
            var claim = all[i];
            if (claim.DerivedFrom is { } from && parent.ContainsKey(from))
            {
                Join(claim.Id, from);
            }

            var url = SameUrl(claim.Url);
            if (url is not null && !byUrl.TryAdd(url, claim.Id))
            {
                Join(claim.Id, byUrl[url]);
            }
        }

        var roots = new HashSet<Guid>(current.Count);
        foreach (var i in current)
        {
            roots.Add(Root(all[i].Id));
        }

        return roots.Count;
    }

    /// <summary>Two citations of one address are one source: compared without a trailing slash or letter case in scheme and host.</summary>
    public static string? SameUrl(string? url) =>
        url is null ? null
        : SourceAddress.Plain(url.AsSpan().Trim()) is { } plain ? plain
        : Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).TrimEnd('/')
        : url.Trim();
}
