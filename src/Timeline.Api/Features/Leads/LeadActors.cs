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
    public static Named NamedBy(WatchItem item) =>
        new(KeysOf(item), [.. ImoNumber().Matches(item.Title + "\n" + item.Text).Select(m => m.Groups["imo"].Value).Distinct()]);

    /// <summary>The actors of each item, <paramref name="named"/> being what <see cref="NamedBy"/> gives for each.</summary>
    public static async Task<List<string[]>> FindAsync(TimelineDbContext db, IReadOnlyList<WatchItem> items, IReadOnlyList<Named> named, CancellationToken ct)
    {
        var keysOf = named.Select(n => n.Keys).ToList();
        var imosOf = named.Select(n => n.Imos).ToList();
        var keys = keysOf.SelectMany(k => k).Distinct(StringComparer.Ordinal).ToArray();
        var imos = imosOf.SelectMany(i => i).Distinct().ToArray();
        var entities = items.SelectMany(i => i.Entities).Distinct(StringComparer.Ordinal).ToArray();
        // One statement, one round trip, for every key and identifier: each kind of value an array parameter joined as a
        // table (unnest) rather than compared with "= ANY", which the planner estimates value by value (for the 20 000 keys
        // of a large delta, some 200 ms of planning for a statement that runs in a few). Among many actor names (more than
        // twice the keys, by the table's statistics) each key is looked up through the index, a lateral subquery kept
        // apart by OFFSET 0: joined plainly, the planner hashes every name, a cost that grows with the names recorded
        // rather than with the check (400 000 names and 20 000 keys: 150–600 ms, against 40–70 ms looked up one by one).
        // Among few names the join stays, hashing them (one by one, a name table of a page would be scanned once a key).
        var hits = keys.Length + imos.Length + entities.Length == 0 ? [] : await db.Database.SqlQuery<ActorHit>(
            $"""
             WITH names AS (SELECT c.reltuples > {2 * keys.Length} AS many FROM pg_class c WHERE c.oid = 'timeline.actor_names'::regclass)
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
             FROM (SELECT {IdentifierSchemes.Imo} AS scheme, unnest({imos}) AS value
                   UNION ALL SELECT {IdentifierSchemes.OpenSanctions}, unnest({entities})) AS wanted
             JOIN timeline.actor_identifiers a ON a.scheme = wanted.scheme AND a.value = wanted.value
             """).ToListAsync(ct);
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in hits.Where(h => h.Scheme.Length == 0))
        {
            (byKey.TryGetValue(name.Value, out var codes) ? codes : byKey[name.Value] = []).Add(name.ActorCode);
        }

        var identified = hits.Where(h => h.Scheme.Length > 0).ToLookup(x => x.Scheme + ":" + x.Value, x => x.ActorCode);

        return [.. items.Select((item, i) => keysOf[i].SelectMany(k => byKey.GetValueOrDefault(k) ?? [])
            .Concat(imosOf[i].SelectMany(imo => identified[IdentifierSchemes.Imo + ":" + imo]))
            .Concat(item.Entities.SelectMany(e => identified[IdentifierSchemes.OpenSanctions + ":" + e]))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray())];
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
        var keys = new HashSet<string>(item.Names.Select(NameKeys.Key).Where(k => k.Length > 0), StringComparer.Ordinal);
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
