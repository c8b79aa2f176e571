using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// What a timeline shows: the query's filter parameters, also saved with timelines and subscriptions (its JSON form).
/// The one meaning of a filter: its rules (<see cref="TimelineFilterRules{T}"/>), its SQL predicate
/// (<see cref="Where{T}"/>), its match against events in memory (<see cref="MatchAsync"/>) and the keys the alert
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
            var exact = types.Select(t => t.EndsWith(".*", StringComparison.Ordinal) ? t[..^2] : t).Distinct().ToArray();
            var subtrees = types.Where(t => t.EndsWith(".*", StringComparison.Ordinal)).Select(t => t[..^1] + "%").ToArray();
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
    /// Whether each event is one this filter shows, as <see cref="Where{T}"/> would answer: everything in memory but
    /// the text query, which PostgreSQL answers for all the pairs that need one in a single statement.
    /// </summary>
    public static async Task<bool[]> MatchAsync(TimelineDbContext db, IReadOnlyList<(TimelineFilter Filter, EventView Event)> pairs, CancellationToken ct)
    {
        // Identifiers and actorsOf stand for actors as they are now: resolved for the whole batch at once.
        var resolved = await ResolveAllAsync(db, [.. pairs.Select(p => p.Filter).Distinct<TimelineFilter>(ReferenceEqualityComparer.Instance)], strict: false, ct);
        pairs = [.. pairs.Select(p => (resolved[p.Filter], p.Event))];
        var matches = new bool[pairs.Count];
        // Each distinct document and each distinct query are sent, and turned into a tsvector or tsquery, once, and each
        // distinct pair of them is asked once: many subscriptions look for the same words in the same change.
        var documentOfEvent = new Dictionary<EventView, int>(ReferenceEqualityComparer.Instance);
        var documents = new Dictionary<string, int>(StringComparer.Ordinal);
        var queries = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new Dictionary<(int Document, int Query), List<int>>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (filter, e) = pairs[i];
            matches[i] = FieldTests.GetValue(filter, f => new FieldTest(f)).Matches(e);
            if (matches[i] && !string.IsNullOrWhiteSpace(filter.Q))
            {
                matches[i] = false;
                if (!documentOfEvent.TryGetValue(e, out var document))
                {
                    // The same text as the events' generated search_vector is made of.
                    var text = string.Join('\n', [e.Title, e.Summary, .. e.Sources.Select(s => s.Title)]);
                    document = documentOfEvent[e] = documents.TryGetValue(text, out var d) ? d : documents[text] = documents.Count + 1;
                }

                var query = queries.TryGetValue(filter.Q, out var q) ? q : queries[filter.Q] = queries.Count + 1;
                if (!texts.TryGetValue((document, query), out var asking))
                {
                    asking = texts[(document, query)] = [];
                }

                asking.Add(i);
            }
        }

        await MatchPlacesAsync(db, pairs, matches, ct);
        if (texts.Count > 0)
        {
            // The same configuration and parser as the events' generated search_vector and the query's predicate.
            var documentTexts = documents.OrderBy(d => d.Value).Select(d => d.Key).ToArray();
            var queryTexts = queries.OrderBy(q => q.Value).Select(q => q.Key).ToArray();
            var asked = texts.ToList();
            var documentOf = asked.Select(t => t.Key.Document).ToArray();
            var queryOf = asked.Select(t => t.Key.Query).ToArray();
            var hits = await db.Database.SqlQuery<int>(
                $"""
                 WITH d AS MATERIALIZED (SELECT d.ord, to_tsvector('english', d.doc) AS v FROM unnest({documentTexts}) WITH ORDINALITY AS d(doc, ord)),
                      q AS MATERIALIZED (SELECT q.ord, websearch_to_tsquery('english', q.query) AS tq FROM unnest({queryTexts}) WITH ORDINALITY AS q(query, ord))
                 SELECT (p.ord - 1)::int AS "Value"
                 FROM unnest({documentOf}, {queryOf}) WITH ORDINALITY AS p(doc, query, ord)
                 JOIN d ON d.ord = p.doc JOIN q ON q.ord = p.query
                 WHERE d.v @@ q.tq
                 """).ToListAsync(ct);
            foreach (var pair in hits.SelectMany(hit => asked[hit].Value))
            {
                matches[pair] = true;
            }
        }

        return matches;
    }

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
