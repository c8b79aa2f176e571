using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Timelines;

public partial record TimelineFilter
{
    /// <summary>
    /// Many filters matched against many events, each pair as <see cref="Where{T}"/> would answer: the alert matcher's page.
    /// Each filter is resolved once (identifiers and <c>actorsOf</c> stand for actors as they are now) and its field test,
    /// place shape and text query are worked out once, so that a pair costs its field test only. The place shape and the
    /// text query are checked after, by <see cref="ConfirmAsync"/>, for the pairs whose fields matched: the events' places
    /// read once, and every text query answered by PostgreSQL in one statement. (Pairs used to be collected first and each
    /// looked up its filter's resolution, test and query again: with 10 000 subscriptions, tens of thousands a page.)
    /// </summary>
    public sealed class Batch
    {
        private readonly FieldTest[] tests;
        private readonly Geometry?[] shapes;
        private readonly bool[] within;
        private readonly string?[] queries;

        private Batch(FieldTest[] tests, Geometry?[] shapes, bool[] within, string?[] queries) =>
            (this.tests, this.shapes, this.within, this.queries) = (tests, shapes, within, queries);

        /// <summary>The filters, by their index in <paramref name="filters"/>, resolved with two look-ups at most.</summary>
        public static async Task<Batch> ResolveAsync(TimelineDbContext db, IReadOnlyList<TimelineFilter> filters, CancellationToken ct)
        {
            var resolved = await ResolveAllAsync(db, filters, strict: false, ct);
            var tests = new FieldTest[filters.Count];
            var shapes = new Geometry?[filters.Count];
            var within = new bool[filters.Count];
            var queries = new string?[filters.Count];
            for (var i = 0; i < filters.Count; i++)
            {
                var filter = resolved[filters[i]];
                tests[i] = FieldTests.GetValue(filter, f => new FieldTest(f));
                shapes[i] = filter.PlaceShape();
                within[i] = filter.PlacesWithin;
                queries[i] = string.IsNullOrWhiteSpace(filter.Q) ? null : filter.Q;
            }

            return new Batch(tests, shapes, within, queries);
        }

        /// <summary>Whether the event passes everything of the filter but its place shape and text query.</summary>
        public bool FieldsMatch(int filter, EventView e) => tests[filter].Matches(e);

        /// <summary>Whether the filter has a place shape or a text query, which <see cref="ConfirmAsync"/> checks.</summary>
        public bool NeedsConfirming(int filter) => shapes[filter] is not null || queries[filter] is not null;

        /// <summary>For pairs whose fields match: whether each event also meets its filter's place shape and text query.</summary>
        public async Task<bool[]> ConfirmAsync(TimelineDbContext db, IReadOnlyList<EventView> events, IReadOnlyList<(int Filter, int Event)> pairs,
            CancellationToken ct)
        {
            var matches = new bool[pairs.Count];
            Array.Fill(matches, true);
            await MatchPlacesAsync(db, events, pairs, matches, ct);
            await MatchTextAsync(db, events, pairs, matches, ct);
            return matches;
        }

        /// <summary>The pairs with a place shape: the events' places are read once, and each footprint made as a write makes it.</summary>
        private async Task MatchPlacesAsync(TimelineDbContext db, IReadOnlyList<EventView> events, IReadOnlyList<(int Filter, int Event)> pairs,
            bool[] matches, CancellationToken ct)
        {
            var placed = Enumerable.Range(0, pairs.Count).Where(i => shapes[pairs[i].Filter] is not null).ToList();
            if (placed.Count == 0)
            {
                return;
            }

            var codes = placed.SelectMany(i => events[pairs[i].Event].Places.Select(p => p.Place)).Distinct().ToList();
            var places = codes.Count == 0 ? [] : await db.Places.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, ct);
            var footprints = new Dictionary<int, Geometry?>();
            foreach (var i in placed)
            {
                var (filter, e) = pairs[i];
                var footprint = footprints.TryGetValue(e, out var f) ? f : footprints[e] = Footprint.Of(events[e].Places, places);
                matches[i] = Footprint.Meets(footprint, shapes[filter]!, within[filter]);
            }
        }

        /// <summary>
        /// The pairs with a text query still matching: each distinct document and each distinct query are sent, and turned into a
        /// tsvector or tsquery, once, and each distinct pair of them is asked once (many subscriptions look for the same words in
        /// the same change).
        /// </summary>
        private async Task MatchTextAsync(TimelineDbContext db, IReadOnlyList<EventView> events, IReadOnlyList<(int Filter, int Event)> pairs,
            bool[] matches, CancellationToken ct)
        {
            var documentOfEvent = new int[events.Count];
            var queryOfFilter = new int[queries.Length];
            var documents = new Dictionary<string, int>(StringComparer.Ordinal);
            var queryNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
            var texts = new Dictionary<(int Document, int Query), List<int>>();
            for (var i = 0; i < pairs.Count; i++)
            {
                var (filter, e) = pairs[i];
                if (!matches[i] || queries[filter] is not { } q)
                {
                    continue;
                }

                matches[i] = false;
                if (documentOfEvent[e] == 0)
                {
                    // The same text as the events' generated search_vector is made of.
                    var view = events[e];
                    var text = string.Join('\n', [view.Title, view.Summary, .. view.Sources.Select(s => s.Title)]);
                    documentOfEvent[e] = documents.TryGetValue(text, out var d) ? d : documents[text] = documents.Count + 1;
                }

                if (queryOfFilter[filter] == 0)
                {
                    queryOfFilter[filter] = queryNumbers.TryGetValue(q, out var n) ? n : queryNumbers[q] = queryNumbers.Count + 1;
                }

                var key = (documentOfEvent[e], queryOfFilter[filter]);
                if (!texts.TryGetValue(key, out var asking))
                {
                    asking = texts[key] = [];
                }

                asking.Add(i);
            }

            if (texts.Count == 0)
            {
                return;
            }

            // The same configuration and parser as the events' generated search_vector and the query's predicate.
            var documentTexts = documents.OrderBy(d => d.Value).Select(d => d.Key).ToArray();
            var queryTexts = queryNumbers.OrderBy(q => q.Value).Select(q => q.Key).ToArray();
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
    }
}
