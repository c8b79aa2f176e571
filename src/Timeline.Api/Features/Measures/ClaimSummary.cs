using Timeline.Core.Dates;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

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
        var known = all.Where(c => at is null || c.RecordedAt <= at).ToList();
        // Each asOf read once: a measure's page may hold a thousand claims, and reading EDTF is the costly part of the sort.
        var days = known.Select(c => c.AsOf).Distinct(StringComparer.Ordinal).ToDictionary(a => a, Days, StringComparer.Ordinal);
        var current = known.Where(c => c.RetractedAt is null || (at is not null && c.RetractedAt > at))
            .Select(c => c.RetractedAt is null ? c : c with { Status = MeasureViews.Current, RetractedAt = null, RetractionReason = null })
            .OrderBy(c => days[c.AsOf].Earliest).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id)
            .ToList();
        var lows = current.Select(LowerBound).OfType<decimal>().ToList();
        var highs = current.Select(UpperBound).OfType<decimal>().ToList();
        var latest = current.Count == 0 ? null : current.MaxBy(c => (days[c.AsOf].Latest, days[c.AsOf].Earliest))!.AsOf;
        var summary = new ClaimSummary(lows.Count == 0 ? null : lows.Min(), highs.Count == 0 ? null : highs.Max(), current.Count,
            CountIndependent(known, current), latest);
        return (current, summary);
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
    private static int CountIndependent(List<ClaimView> known, List<ClaimView> current)
    {
        var parent = known.ToDictionary(c => c.Id, c => c.Id);
        Guid Root(Guid id)
        {
            while (parent[id] != id)
            {
                id = parent[id] = parent[parent[id]];
            }

            return id;
        }

        void Join(Guid a, Guid b) => parent[Root(a)] = Root(b);

        var byUrl = new Dictionary<string, Guid>(StringComparer.Ordinal);
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

        return current.Select(c => Root(c.Id)).Distinct().Count();
    }

    /// <summary>Two citations of one address are one source: compared without a trailing slash or letter case in scheme and host.</summary>
    public static string? SameUrl(string? url) =>
        url is null ? null
        : Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).TrimEnd('/')
        : url.Trim();

    /// <summary>The first and last day an <c>asOf</c> allows, for ordering (an open end counts as the other end).</summary>
    private static (DateOnly Earliest, DateOnly Latest) Days(string asOf) =>
        EdtfDate.TryParse(asOf, out var date, out _)
            ? (date.Earliest ?? date.Latest ?? DateOnly.MinValue, date.Latest ?? date.Earliest ?? DateOnly.MaxValue)
            : (DateOnly.MinValue, DateOnly.MinValue);
}
