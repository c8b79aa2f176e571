using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// A filter's actors as codes: an identifier (<c>imo:9179842</c>) stands for the actor that has it, and
/// <c>actorsOf</c> for the actors a saved timeline names. Resolved when the filter is used, so the query, the feed and
/// alert matching all read the same actors.
/// </summary>
public partial record TimelineFilter
{
    /// <summary>
    /// This filter with its actors as codes. Strict (a query, a filter being saved): an identifier no actor has or a
    /// timeline that names no actors is a 400 naming the field. Alert matching is lenient: such a filter matches nothing.
    /// </summary>
    public async Task<TimelineFilter> ResolveAsync(TimelineDbContext db, CancellationToken ct) =>
        (await ResolveAllAsync(db, [this], strict: true, ct))[this];

    /// <summary>Every filter resolved with two look-ups at most (the saved timelines named, then the identifiers).</summary>
    internal static async Task<Dictionary<TimelineFilter, TimelineFilter>> ResolveAllAsync(TimelineDbContext db,
        IReadOnlyCollection<TimelineFilter> filters, bool strict, CancellationToken ct)
    {
        var resolved = new Dictionary<TimelineFilter, TimelineFilter>(ReferenceEqualityComparer.Instance);
        var slugs = filters.Select(f => f.ActorsOf).OfType<string>().Distinct().ToArray();
        var named = slugs.Length == 0 ? [] : await db.Timelines.AsNoTracking().Where(t => slugs.Contains(t.Slug))
            .ToDictionaryAsync(t => t.Slug, t => ActorsNamedIn(t.Filter), ct);

        var wanted = filters.Select(f => f.ActorsOf is { } slug ? named.GetValueOrDefault(slug) ?? [] : f.Actor ?? [])
            .SelectMany(a => a).Where(a => a.Contains(':', StringComparison.Ordinal)).Distinct().ToList();
        var codes = await CodesOfAsync(db, wanted, ct);

        foreach (var filter in filters)
        {
            if (resolved.ContainsKey(filter))
            {
                continue;
            }

            string[]? actors = filter.Actor;
            if (filter.ActorsOf is { } slug)
            {
                actors = named.GetValueOrDefault(slug);
                if (strict && actors is null)
                {
                    throw ProblemException.BadRequest("actorsOf", $"no saved timeline '{EchoedValue.Cut(slug)}'");
                }

                if (strict && actors is { Length: 0 })
                {
                    throw ProblemException.BadRequest("actorsOf", $"the timeline '{slug}' names no actors (its filter has no actor)");
                }

                // No such timeline, or one that names no actors: an actor no event has, so the filter matches nothing.
                actors = actors is { Length: > 0 } ? actors : [NoActor];
            }

            var unknown = (actors ?? []).Where(a => a.Contains(':', StringComparison.Ordinal) && !codes.ContainsKey(a)).ToList();
            if (strict && unknown.Count > 0)
            {
                throw ProblemException.BadRequest(filter.ActorsOf is null ? "actor" : "actorsOf",
                    $"no actor has the identifier {EchoedValue.Cut(unknown[0])}");
            }

            if (!strict && filter.ActorsOf is null && !(actors ?? []).Any(a => a.Contains(':', StringComparison.Ordinal)))
            {
                // Matching, codes only: the filter is its own resolution, so what the matcher works out from it once stays with it.
                resolved[filter] = filter;
                continue;
            }

            resolved[filter] = filter with
            {
                ActorsOf = null,
                Actor = actors is null ? null : [.. actors.Select(a => codes.GetValueOrDefault(a) ?? (a.Contains(':', StringComparison.Ordinal) ? NoActor : a)).Distinct()],
            };
        }

        return resolved;
    }

    /// <summary>Not an actor code (codes have no '_'): stands for an actor that does not exist.</summary>
    private const string NoActor = "_";

    private static string[] ActorsNamedIn(string filterJson) =>
        JsonNode.Parse(filterJson)?["actor"] is JsonArray actors ? [.. actors.Select(a => (string?)a).OfType<string>()] : [];

    /// <summary>The codes of the actors that have these identifiers, keyed by the identifier as given; one look-up.</summary>
    private static async Task<Dictionary<string, string>> CodesOfAsync(TimelineDbContext db, List<string> identifiers, CancellationToken ct)
    {
        var parsed = new List<(string Given, string Scheme, string Value)>();
        foreach (var given in identifiers)
        {
            if (IdentifierSchemes.TrySplit(given, out var scheme, out var value) && IdentifierSchemes.TryNormalize(scheme, value, out var normalized, out _))
            {
                parsed.Add((given, scheme, normalized));
            }
        }

        if (parsed.Count == 0)
        {
            return [];
        }

        var schemes = parsed.Select(p => p.Scheme).Distinct().ToArray();
        var values = parsed.Select(p => p.Value).Distinct().ToArray();
        var held = await db.ActorIdentifiers.AsNoTracking().Where(i => schemes.Contains(i.Scheme) && values.Contains(i.Value)).ToListAsync(ct);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parsed)
        {
            if (held.FirstOrDefault(h => h.Scheme == p.Scheme && h.Value == p.Value) is { } match)
            {
                codes[p.Given] = match.ActorCode;
            }
        }

        return codes;
    }
}
