using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// What a timeline shows: the query's filter parameters, also saved with timelines and subscriptions (its JSON form).
/// The one meaning of a filter: its rules (<see cref="TimelineFilterRules{T}"/>), its SQL predicate
/// (<see cref="Where{T}"/>), its match against events in memory (<see cref="Batch"/>) and the keys the alert
/// matcher finds it by (<see cref="IndexKeys"/>) all live here; its place part in <c>TimelineFilterPlaces.cs</c>.
/// </summary>
public partial record TimelineFilter
{
    /// <summary>Actors, any of: codes, or identifiers as <c>scheme:value</c> (<c>imo:9179842</c>), which stand for the actor that has them.</summary>
    public string[]? Actor { get; init; }

    /// <summary>A saved timeline's slug: its actors, any of (instead of <see cref="Actor"/>).</summary>
    public string? ActorsOf { get; init; }

    /// <summary>Types, any of; <c>military.*</c> matches the subtree.</summary>
    public string[]? Type { get; init; }

    /// <summary>Tags, any of.</summary>
    public string[]? Tag { get; init; }

    /// <summary>Statuses, any of.</summary>
    public string[]? Status { get; init; }

    /// <summary>EDTF day, month or year: the range starts on its first day.</summary>
    public string? From { get; init; }

    /// <summary>EDTF day, month or year: the range ends on its last day.</summary>
    public string? To { get; init; }

    /// <summary><c>overlaps</c> (default): the event's span touches the range; <c>within</c>: it lies inside.</summary>
    public string? Match { get; init; }

    /// <summary>Full text over title, summary and source titles.</summary>
    public string? Q { get; init; }

    /// <summary>Designating authorities, any of (<c>US OFAC</c>).</summary>
    public string[]? Authority { get; init; }

    /// <summary>Sanctions programmes, any of (<c>DPRK3</c>).</summary>
    public string[]? Program { get; init; }

    /// <summary>Source reliability grades, any of (<c>A,B</c>): events with at least one source so graded.</summary>
    public string[]? Reliability { get; init; }

    /// <summary>Event credibility grades, any of (<c>1,2</c>).</summary>
    public string[]? Credibility { get; init; }

    /// <summary>The events this filter shows, as SQL: the timeline query's and the feed's predicate, on a filter <see cref="ResolveAsync">resolved</see> first.</summary>
    public IQueryable<T> Where<T>(IQueryable<T> events) where T : EventState
    {
        if (ActorsOf is not null || (Actor ?? []).Any(a => a.Contains(':', StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("resolve the filter's actors (ResolveAsync) before querying with it");
        }

        if (Actor is { Length: > 0 } actors)
        {
            events = events.Where(e => e.Actors.Any(a => actors.Contains(a)));
        }

        if (Tag is { Length: > 0 })
        {
            var tags = LowerTags();
            events = events.Where(e => e.Tags.Any(t => tags.Contains(t)));
        }

        if (Type is { Length: > 0 } types)
        {
            var (exact, subtrees) = TypePatterns(types);
            events = events.Where(e => exact.Contains(e.Type) || subtrees.Any(p => EF.Functions.Like(e.Type, p)));
        }

        if (Status is { Length: > 0 } statuses)
        {
            events = events.Where(e => statuses.Contains(e.Status));
        }

        if (Authority is { Length: > 0 } authorities)
        {
            events = events.Where(e => e.Sanction != null && authorities.Contains(e.Sanction.Authority));
        }

        if (Program is { Length: > 0 } programs)
        {
            events = events.Where(e => e.Sanction != null && programs.Contains(e.Sanction.Program!));
        }

        if (Grades(Reliability) is { Length: > 0 } reliabilities)
        {
            events = events.Where(e => e.SourceReliabilities.Any(r => reliabilities.Contains(r)));
        }

        if (CredibilityGrades() is { Length: > 0 } credibilities)
        {
            events = events.Where(e => e.Credibility != null && credibilities.Contains(e.Credibility.Value));
        }

        var (from, to) = Range();
        if (Match == "within")
        {
            if (from is { } f)
            {
                events = events.Where(e => e.Earliest >= f);
            }

            if (to is { } t)
            {
                events = events.Where(e => e.Latest <= t);
            }
        }
        else
        {
            if (from is { } f)
            {
                events = events.Where(e => e.Latest >= f);
            }

            if (to is { } t)
            {
                events = events.Where(e => e.Earliest <= t);
            }
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q;
            events = events.Where(e => e.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", q)));
        }

        return WherePlaced(events);
    }

    /// <summary>
    /// The values <see cref="Where{T}"/> gives its SQL, each under the name of the variable that holds it there, which is
    /// the name EF Core gives its parameter: a page's command made once for the filter's shape takes a later filter's
    /// values by these names (<see cref="TimelinePageCommand"/>, which checks them against EF Core's own parameters).
    /// </summary>
    internal IEnumerable<(string Name, object Value)> SqlValues()
    {
        if (Actor is { Length: > 0 } actors)
        {
            yield return ("actors", actors);
        }

        if (Tag is { Length: > 0 })
        {
            yield return ("tags", LowerTags());
        }

        if (Type is { Length: > 0 } types)
        {
            var (exact, subtrees) = TypePatterns(types);
            yield return ("exact", exact);
            yield return ("subtrees", subtrees);
        }

        if (Status is { Length: > 0 } statuses)
        {
            yield return ("statuses", statuses);
        }

        if (Authority is { Length: > 0 } authorities)
        {
            yield return ("authorities", authorities);
        }

        if (Program is { Length: > 0 } programs)
        {
            yield return ("programs", programs);
        }

        if (Grades(Reliability) is { Length: > 0 } reliabilities)
        {
            yield return ("reliabilities", reliabilities);
        }

        if (CredibilityGrades() is { Length: > 0 } credibilities)
        {
            yield return ("credibilities", credibilities);
        }

        var (from, to) = Range();
        if (from is { } f)
        {
            yield return ("f", f);
        }

        if (to is { } t)
        {
            yield return ("t", t);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            yield return ("q", Q);
        }

        if (PlaceShape() is { } shape)
        {
            yield return ("shape", shape);
        }
    }

    /// <summary>What of the filter's SQL its values' names do not tell: how dates and places are compared.</summary>
    internal string SqlShape => $"{(Match == "within" ? "within" : "overlaps")} places:{(PlacesWithin ? "within" : "overlaps")}";

    /// <summary>Types matched exactly, and the subtrees of those ending in <c>.*</c> as LIKE patterns.</summary>
    private static (string[] Exact, string[] Subtrees) TypePatterns(string[] types) =>
        ([.. types.Select(t => t.EndsWith(".*", StringComparison.Ordinal) ? t[..^2] : t).Distinct()],
         [.. types.Where(t => t.EndsWith(".*", StringComparison.Ordinal)).Select(t => t[..^1] + "%")]);

    /// <summary>
    /// The keys the alert matcher finds this filter under: the values of its most selective constraint (actors, else
    /// tags, else type roots), or <c>*</c> when it constrains none of them. An event this filter shows always offers one
    /// of these keys among its <see cref="KeysOf"/>, so looking subscriptions up by key never misses a match.
    /// </summary>
    public string[] IndexKeys()
    {
        if (Actor is { Length: > 0 } actors)
        {
            return [.. actors.Distinct().Select(a => "actor:" + a)];
        }

        if (Tag is { Length: > 0 })
        {
            return [.. LowerTags().Distinct().Select(t => "tag:" + t)];
        }

        if (Type is { Length: > 0 } types)
        {
            // military.* and military are both found under the root they name; the exact match is checked after.
            return [.. types.Select(t => "type:" + (t.EndsWith(".*", StringComparison.Ordinal) ? t[..^2] : t)).Distinct()];
        }

        return [AnyKey];
    }

    public const string AnyKey = "*";

    /// <summary>The keys an event offers: its actors, its tags, its type and each of the type's ancestors, and <c>*</c>.</summary>
    public static string[] KeysOf(EventView e)
    {
        var keys = new List<string> { AnyKey };
        keys.AddRange(e.Actors.Select(a => "actor:" + a));
        keys.AddRange(e.Tags.Select(t => "tag:" + t));
        var type = e.Type;
        while (type.Length > 0)
        {
            keys.Add("type:" + type);
            var dot = type.LastIndexOf('.');
            type = dot < 0 ? "" : type[..dot];
        }

        return [.. keys.Distinct()];
    }

    /// <summary>Grades may come as <c>A,B</c> or repeated (<c>reliability=A&amp;reliability=B</c>).</summary>
    internal static string[] Grades(string[]? values) =>
        [.. (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct()];

    private int[] CredibilityGrades() =>
        [.. Grades(Credibility).Select(g => int.TryParse(g, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)];

    /// <summary>Tags are stored lower-case: a filter's tags are compared the same way.</summary>
    private string[] LowerTags() => [.. (Tag ?? []).Select(t => t.ToLowerInvariant())];

    private (DateOnly? From, DateOnly? To) Range() =>
        (TimelineFilterRules<TimelineFilter>.Bound(From)?.Earliest, TimelineFilterRules<TimelineFilter>.Bound(To)?.Latest);
}
