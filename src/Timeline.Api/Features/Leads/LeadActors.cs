using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Watches;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Leads;

/// <summary>
/// The recorded actors an item names. Every run of one to <see cref="LongestName"/> words of its title and text is
/// turned into a name key (<see cref="NameKeys"/>) and looked up among the keys of actors' names and aliases, so that
/// case, accents, punctuation, word order and script do not matter (<c>DPRK's Munitions Industry Department</c> finds the
/// actor whose alias is <c>Munitions Industry Department</c>); an IMO number written in it finds the vessel; an FtM
/// sanction's entity finds the actor with that <c>opensanctions</c> identifier. One statement for a whole check, each kind
/// of value one array parameter.
/// </summary>
public static partial class LeadActors
{
    public const int LongestName = 6;

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’.\-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\bIMO(?:\s*(?:No\.?|number|#))?\s*:?\s*(?<imo>\d{7})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImoNumber();

    /// <summary>What an item is looked up by: the keys of its runs of words and names, and the IMO numbers it writes.</summary>
    public sealed record Named(HashSet<string> Keys, List<string> Imos);

    /// <summary>What an item is looked up by, worked out without the database: a check does it while its first look-up runs.</summary>
    public static Named NamedBy(WatchItem item)
    {
        // A loop over the matches rather than a collection of them and LINQ: most items write none, ten thousand a check.
        var imos = new List<string>();
        for (var match = ImoNumber().Match(item.Title + "\n" + item.Text); match.Success; match = match.NextMatch())
        {
            var imo = match.Groups["imo"].Value;
            if (!imos.Contains(imo))
            {
                imos.Add(imo);
            }
        }

        return new(KeysOf(item), imos);
    }

    /// <summary>The actors of each item, <paramref name="named"/> being what <see cref="NamedBy"/> gives for each.</summary>
    public static async Task<List<string[]>> FindAsync(TimelineDbContext db, IReadOnlyList<WatchItem> items, IReadOnlyList<Named> named, CancellationToken ct)
    {
        // Loops rather than LINQ chains, here and below: this runs over every item of a check, ten thousand in an FtM delta.
        HashSet<string> keySet = new(StringComparer.Ordinal), imoSet = new(StringComparer.Ordinal), entitySet = new(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            keySet.UnionWith(named[i].Keys);
            imoSet.UnionWith(named[i].Imos);
            entitySet.UnionWith(items[i].Entities);
        }

        string[] keys = [.. keySet], imos = [.. imoSet], entities = [.. entitySet];
        var identifiers = imos.Length + entities.Length;
        // One statement, one round trip, for every key and identifier: each kind of value an array parameter joined as a
        // table (unnest) rather than compared with "= ANY", which the planner estimates value by value (for the 20 000 keys
        // of a large delta, some 200 ms of planning for a statement that runs in a few). Among many rows (more than twice
        // the values looked up, by the table's statistics) each value is looked up through the index, a lateral subquery
        // kept apart by OFFSET 0: joined plainly, the planner hashes every row, a cost that grows with the names and
        // identifiers recorded rather than with the check (400 000 names and 20 000 keys: 150–600 ms, against 40–70 ms
        // looked up one by one; 200 000 identifiers and a delta's 10 000 entities: 215 ms against 60–85 ms). Among few
        // rows the join stays, hashing them (one by one, a table of a page would be scanned once a value).
        var hits = keys.Length + identifiers == 0 ? [] : await db.Database.SqlQuery<ActorHit>(
            $"""
             WITH names AS (SELECT c.reltuples > {2 * keys.Length} AS many FROM pg_class c WHERE c.oid = 'timeline.actor_names'::regclass),
             identifiers AS (SELECT c.reltuples > {2 * identifiers} AS many FROM pg_class c WHERE c.oid = 'timeline.actor_identifiers'::regclass),
             wanted_identifiers AS (SELECT {IdentifierSchemes.Imo} AS scheme, unnest({imos}) AS value
                                    UNION ALL SELECT {IdentifierSchemes.OpenSanctions}, unnest({entities}))
             SELECT '' AS scheme, n.key AS value, n.actor_code
             FROM unnest({keys}) AS wanted (key)
             CROSS JOIN LATERAL (SELECT n.key, n.actor_code FROM timeline.actor_names n WHERE n.key = wanted.key OFFSET 0) AS n
             WHERE (SELECT many FROM names)
             UNION ALL
             SELECT '', n.key, n.actor_code
             FROM unnest({keys}) AS wanted (key) JOIN timeline.actor_names n ON n.key = wanted.key
             WHERE NOT (SELECT many FROM names)
             UNION ALL
             SELECT a.scheme, a.value, a.actor_code
             FROM wanted_identifiers AS wanted
             CROSS JOIN LATERAL (SELECT a.scheme, a.value, a.actor_code FROM timeline.actor_identifiers a
                                 WHERE a.scheme = wanted.scheme AND a.value = wanted.value OFFSET 0) AS a
             WHERE (SELECT many FROM identifiers)
             UNION ALL
             SELECT a.scheme, a.value, a.actor_code
             FROM wanted_identifiers AS wanted
             JOIN timeline.actor_identifiers a ON a.scheme = wanted.scheme AND a.value = wanted.value
             WHERE NOT (SELECT many FROM identifiers)
             """).ToListAsync(ct);
        Dictionary<string, List<string>> byKey = new(StringComparer.Ordinal), byImo = new(StringComparer.Ordinal), byEntity = new(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var found = hit.Scheme.Length == 0 ? byKey : hit.Scheme == IdentifierSchemes.Imo ? byImo : byEntity;
            (found.TryGetValue(hit.Value, out var codes) ? codes : found[hit.Value] = []).Add(hit.ActorCode);
        }

        var actors = new List<string[]>(items.Count);
        var codesOf = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            codesOf.Clear();
            AddFound(codesOf, byKey, named[i].Keys);
            AddFound(codesOf, byImo, named[i].Imos);
            AddFound(codesOf, byEntity, items[i].Entities);
            actors.Add(Distinct(codesOf));
        }

        return actors;
    }

    private static void AddFound(List<string> codes, Dictionary<string, List<string>> found, IEnumerable<string> values)
    {
        if (found.Count == 0)
        {
            return;
        }

        foreach (var value in values)
        {
            if (found.TryGetValue(value, out var more))
            {
                codes.AddRange(more);
            }
        }
    }

    /// <summary>The actors' codes each once, in ordinal order.</summary>
    private static string[] Distinct(List<string> codes)
    {
        if (codes.Count <= 1)
        {
            return [.. codes];
        }

        codes.Sort(StringComparer.Ordinal);
        var distinct = new List<string>(codes.Count);
        foreach (var code in codes)
        {
            if (distinct.Count == 0 || !string.Equals(distinct[^1], code, StringComparison.Ordinal))
            {
                distinct.Add(code);
            }
        }

        return [.. distinct];
    }

    /// <summary>An actor a key (scheme empty) or an identifier finds (its columns by the model's snake-case names).</summary>
    private sealed class ActorHit
    {
        public string Scheme { get; init; } = "";
        public string Value { get; init; } = "";
        public string ActorCode { get; init; } = "";
    }

    /// <summary>A word without the stops and hyphens around it, and without a possessive: <c>Korea's</c> names Korea.</summary>
    private static string Bare(string word) =>
        word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("’s", StringComparison.OrdinalIgnoreCase) ? word[..^2] : word;

    /// <summary>
    /// The keys of every run of words an item holds, and of the names it gives its entities. A short single word counts
    /// only written in capitals (<c>US</c>, <c>UN</c>), so that the pronoun <c>us</c> names nobody.
    /// </summary>
    public static HashSet<string> KeysOf(WatchItem item)
    {
        var keys = new HashSet<string>(item.Names.Count, StringComparer.Ordinal);
        foreach (var name in item.Names)
        {
            if (NameKeys.Key(name) is { Length: > 0 } key)
            {
                keys.Add(key);
            }
        }

        if (item.Entities.Count > 0)
        {
            // An FtM sanction says whom it names (its entities, by id and by name): its reason is not read for more names,
            // which keeps a delta of ten thousand sanctions to a few keys each.
            return keys;
        }

        foreach (var text in new[] { item.Title, item.Text })
        {
            var written = Word().Matches(text).Select(m => m.Value.TrimEnd('.', '\'', '’', '-')).Where(w => w.Length > 0).ToList();
            var bare = written.Select(Bare).ToList();
            AddRuns(keys, written);
            if (!bare.SequenceEqual(written))
            {
                // Both: "Korea's" names Korea, and "People's Army" is how the name itself is written.
                AddRuns(keys, bare);
            }
        }

        return keys;
    }

    private static void AddRuns(HashSet<string> keys, List<string> words)
    {
        for (var start = 0; start < words.Count; start++)
        {
            for (var length = 1; length <= LongestName && start + length <= words.Count; length++)
            {
                if (length == 1 && words[start].Length <= 3 && !words[start].All(c => !char.IsLetter(c) || char.IsUpper(c)))
                {
                    continue;
                }

                var key = NameKeys.Key(string.Join(' ', words.GetRange(start, length)));
                if (key.Length > 1)
                {
                    keys.Add(key);
                }
            }
        }
    }
}
