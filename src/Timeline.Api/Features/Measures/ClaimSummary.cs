using Timeline.Core.Dates;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>A claim with the first and last day its <c>asOf</c> allows, as recorded beside it (null for an open end).</summary>
public readonly record struct DatedClaim(ClaimView Claim, DateOnly? Earliest, DateOnly? Latest);

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
        var known = new List<ClaimView>(all.Count);
        var current = new List<Ordered>(all.Count);
        foreach (var d in all)
        {
            var c = d.Claim;
            if (at is not null && c.RecordedAt > at)
            {
                continue;
            }

            known.Add(c);
            if (c.RetractedAt is null || (at is not null && c.RetractedAt > at))
            {
                // An open end counts as the other end.
                var earliest = d.Earliest ?? d.Latest ?? DateOnly.MinValue;
                var latest = d.Latest ?? d.Earliest ?? DateOnly.MaxValue;
                current.Add(new Ordered(c.RetractedAt is null ? c : c with { Status = MeasureViews.Current, RetractedAt = null, RetractionReason = null },
                    earliest, latest));
            }
        }

        current.Sort(static (a, b) =>
        {
            var byDay = a.Earliest.CompareTo(b.Earliest);
            if (byDay != 0)
            {
                return byDay;
            }

            var byRecorded = a.Claim.RecordedAt.CompareTo(b.Claim.RecordedAt);
            return byRecorded != 0 ? byRecorded : a.Claim.Id.CompareTo(b.Claim.Id);
        });

        decimal? low = null, high = null;
        Ordered? last = null;
        var claims = new ClaimView[current.Count];
        for (var i = 0; i < current.Count; i++)
        {
            var o = current[i];
            claims[i] = o.Claim;
            if (LowerBound(o.Claim) is { } l && (low is null || l < low))
            {
                low = l;
            }

            if (UpperBound(o.Claim) is { } h && (high is null || h > high))
            {
                high = h;
            }

            // The first of the latest, in the list's order.
            if (last is not { } m || (o.Latest, o.Earliest).CompareTo((m.Latest, m.Earliest)) > 0)
            {
                last = o;
            }
        }

        return (claims, new ClaimSummary(low, high, claims.Length, CountIndependent(known, claims), last?.Claim.AsOf));
    }

    /// <summary>The least the claim allows: its <c>low</c>, else its value unless it is only an upper bound (<c>at-most</c>).</summary>
    public static decimal? LowerBound(ClaimView c) =>
        c.Low ?? (c.Qualifier is ClaimQualifiers.Exact or ClaimQualifiers.About or ClaimQualifiers.AtLeast ? c.Value : null);

    /// <summary>The most the claim allows: its <c>high</c>, else its value unless it is only a lower bound (<c>at-least</c>).</summary>
    public static decimal? UpperBound(ClaimView c) =>
        c.High ?? (c.Qualifier is ClaimQualifiers.Exact or ClaimQualifiers.About or ClaimQualifiers.AtMost ? c.Value : null);

    /// <summary>
    /// Current claims that derive from one another (through <c>derivedFrom</c>, directly or through other claims, a retracted
    /// one included: a lineage does not end when one link is withdrawn) or cite the same URL count once: the number of
    /// groups the current claims fall into when every such link joins two groups.
    /// </summary>
    private static int CountIndependent(List<ClaimView> known, ClaimView[] current)
    {
        var parent = new Dictionary<Guid, Guid>(known.Count);
        foreach (var claim in known)
        {
            parent[claim.Id] = claim.Id;
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
        foreach (var claim in known)
        {
            if (claim.DerivedFrom is { } from && parent.ContainsKey(from))
            {
                Join(claim.Id, from);
            }

            var url = SameUrl(claim.Source.Url);
            if (url is not null && !byUrl.TryAdd(url, claim.Id))
            {
                Join(claim.Id, byUrl[url]);
            }
        }

        var roots = new HashSet<Guid>(current.Length);
        foreach (var claim in current)
        {
            roots.Add(Root(claim.Id));
        }

        return roots.Count;
    }

    /// <summary>Two citations of one address are one source: compared without a trailing slash or letter case in scheme and host.</summary>
    public static string? SameUrl(string? url) =>
        url is null ? null
        : SourceAddress.Plain(url.AsSpan().Trim()) is { } plain ? plain
        : Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).TrimEnd('/')
        : url.Trim();

    private readonly record struct Ordered(ClaimView Claim, DateOnly Earliest, DateOnly Latest);
}
