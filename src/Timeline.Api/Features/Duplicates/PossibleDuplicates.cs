using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Duplicates;

/// <summary>An event that may tell the same development, how alike it is (0–1) and why, in words.</summary>
public sealed record PossibleDuplicate(Guid EventId, string Title, string Occurred, double Score, IReadOnlyList<string> Reasons);

public sealed record PossibleDuplicateList(IReadOnlyList<PossibleDuplicate> Items);

/// <summary>
/// What is compared: a body about to be recorded, a recorded event (<see cref="Self"/>, never its own duplicate, nor of
/// those it was said to be distinct from), or a lead. Any member may be missing while a form is being filled in.
/// </summary>
public sealed record DuplicateProbe(string Title, string Summary, DateOnly? Earliest, DateOnly? Latest, IReadOnlyList<string> Actors,
    IReadOnlyList<string> Urls, Guid? Self = null);

/// <summary>
/// Finds possible duplicates in two steps. The database gathers candidates through indexes only, each way at most a few
/// dozen to 200 events: events over about the same dates that share an actor (the btree on earliest and latest: each end
/// within <see cref="CloseDays"/> of the body's, actors checked on the few rows found), events citing
/// the same source URL (GIN on sources), and events whose span overlaps and whose lower-cased title is trigram-alike (a
/// GiST on both for each kind of span, see <see cref="WeeksSpan"/>, which reads only the entries of the overlapping events,
/// not every title sharing a common word; a body without dates, a form being typed, is compared by title alone through the
/// GIN on titles). Retracted events and pairs
/// said to be distinct are left out there. A page of leads sends its bodies' statements in one batch. Each candidate is then
/// scored here, titles and summaries compared by their name keys (<see cref="NameKeys"/>), so that word order, case,
/// accents and script do not matter.
/// </summary>
public static class PossibleDuplicates
{
    public const int MaxItems = 10;

    /// <summary>Below this a candidate is not shown: a shared day alone, or a shared actor alone, is no reason.</summary>
    public const double ShownFrom = 0.5;

    private const int MaxUrls = 10;

    /// <summary>
    /// Dates agree when the spans overlap and each end lies within this many days of the other's: the same development
    /// told over about the same dates. Only then do dates and actors alone gather an event, and only then do the dates
    /// count in full. An event over a much wider span (a year, an open end) overlaps thousands of others at a million
    /// events, and two common actors are no reason to offer each of them; such an event is a candidate by its title or its
    /// source, and its dates count half.
    /// </summary>
    private const int CloseDays = 7;

    /// <summary>
    /// The title-alike events overlapping a body are searched in three GiSTs of span and title, one for each kind of span:
    /// shorter than <see cref="WeeksSpan"/> days (a day, a month, a few weeks), shorter than <see cref="YearSpan"/> (a
    /// season, a year), and longer or open. In one GiST over all of them, the year-long and open spans spread over every
    /// part of the tree, so a search for one day read thousands of pages of entries that did not overlap it (6 700 pages,
    /// 70–100 ms at a million events); each kind alone keeps its subtrees' spans narrow, and the day's search reads the
    /// entries that overlap it. The search takes the shorter spans first, at most 50 in all: those are the likelier
    /// duplicates. The bounds are those of the indexes' predicates (migration <c>TitleAlikeByKindOfSpan</c>): the planner
    /// uses an index only for the predicate it was made with.
    /// </summary>
    public const int WeeksSpan = 40;

    /// <inheritdoc cref="WeeksSpan"/>
    public const int YearSpan = 400;

    public static async Task<List<PossibleDuplicate>> FindAsync(TimelineDbContext db, DuplicateProbe probe, CancellationToken ct) =>
        (await FindManyAsync(db, [probe], ct))[0];

    /// <summary>The possible duplicates of each probe, in the probes' order: one round trip for all (a page of leads).</summary>
    public static async Task<List<List<PossibleDuplicate>>> FindManyAsync(TimelineDbContext db, IReadOnlyList<DuplicateProbe> probes, CancellationToken ct)
    {
        var asked = probes.Select(StatementOf).ToList();
        var candidates = asked.Select(_ => new List<Candidate>()).ToList();
        if (asked.Any(a => a is not null))
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
                var order = new List<int>();
                for (var i = 0; i < asked.Count; i++)
                {
                    if (asked[i] is { } command)
                    {
                        batch.BatchCommands.Add(command);
                        order.Add(i);
                    }
                }

                await using var reader = await batch.ExecuteReaderAsync(ct);
                foreach (var i in order)
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var sources = JsonSerializer.Deserialize<List<StoredSource>>(reader.GetString(7)) ?? [];
                        candidates[i].Add(new Candidate(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                            reader.GetFieldValue<DateOnly>(4), reader.GetFieldValue<DateOnly>(5), reader.GetFieldValue<string[]>(6),
                            [.. sources.Select(s => s.Url).OfType<string>()]));
                    }

                    await reader.NextResultAsync(ct);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return [.. probes.Select((probe, i) =>
        {
            var probeTitle = Trigrams.Of(NameKeys.Key(probe.Title));
            var probeSummary = Trigrams.Of(NameKeys.Key(probe.Summary));
            var urls = UrlsOf(probe);
            return candidates[i].Select(c => Score(probe, probeTitle, probeSummary, urls, c)).OfType<PossibleDuplicate>()
                .OrderByDescending(d => d.Score).ThenBy(d => d.EventId).Take(MaxItems).ToList();
        })];
    }

    private static List<string> UrlsOf(DuplicateProbe probe) =>
        [.. probe.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).Distinct().Take(MaxUrls)];

    /// <summary>The statement gathering a probe's candidates; none when it has nothing to compare by.</summary>
    public static NpgsqlBatchCommand? StatementOf(DuplicateProbe probe)
    {
        var urls = UrlsOf(probe);
        var title = probe.Title.Trim().ToLowerInvariant();
        var hasDates = probe.Earliest is not null && probe.Latest is not null;
        var hasSpan = hasDates && probe.Actors.Count > 0;
        if (!hasSpan && urls.Count == 0 && title.Length < 3)
        {
            return null;
        }

        var sameUrl = urls.Count == 0 ? "false" : string.Join(" OR ", urls.Select((_, i) => $"sources @> ${Parameters + 1 + i}"));
        var command = new NpgsqlBatchCommand(Sql.Replace("{same_url}", sameUrl, StringComparison.Ordinal)
            .Replace("{close}", CloseDays.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{weeks}", WeeksSpan.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{year}", YearSpan.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        command.Parameters.Add(new NpgsqlParameter { Value = hasSpan });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)probe.Earliest ?? DateOnly.MinValue });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)probe.Latest ?? DateOnly.MaxValue });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = probe.Actors.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = title });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)probe.Self ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = hasDates });
        foreach (var url in urls)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(new[] { new { Url = url } }) });
        }

        return command;
    }

    /// <summary>
    /// The parameters every probe's statement has: $1 whether it has a span and actors, $2–$3 the span, $4 actors, $5 the
    /// lower-cased title, $6 itself, $7 whether it has dates.
    /// </summary>
    private const int Parameters = 7;

    /// <summary>The candidates of one probe; {same_url} is the same-URL condition, on the parameters after the six.</summary>
    private const string Sql = """
        WITH c AS (
            (SELECT id FROM timeline.events
             WHERE $1 AND earliest BETWEEN $2 - {close} AND $2 + {close} AND latest BETWEEN $3 - {close} AND $3 + {close}
               AND earliest <= $3 AND latest >= $2 AND actors && $4 LIMIT 200)
            UNION
            (SELECT id FROM timeline.events WHERE {same_url} LIMIT 50)
            UNION
            (SELECT id FROM (
                (SELECT id FROM timeline.events
                 WHERE $7 AND latest < earliest + {weeks} AND daterange(earliest, latest, '[]') && daterange($2, $3, '[]') AND lower(title) % $5 LIMIT 50)
                UNION ALL
                (SELECT id FROM timeline.events
                 WHERE $7 AND latest >= earliest + {weeks} AND latest < earliest + {year} AND daterange(earliest, latest, '[]') && daterange($2, $3, '[]')
                   AND lower(title) % $5 LIMIT 50)
                UNION ALL
                (SELECT id FROM timeline.events
                 WHERE $7 AND latest >= earliest + {year} AND daterange(earliest, latest, '[]') && daterange($2, $3, '[]') AND lower(title) % $5 LIMIT 50)
             ) alike LIMIT 50)
            UNION
            (SELECT id FROM timeline.events WHERE NOT $7 AND length($5) >= 3 AND lower(title) % $5 LIMIT 50)
        )
        SELECT e.id, e.title, e.summary, e.occurred, e.earliest, e.latest, e.actors, e.sources::text
        FROM c JOIN timeline.events e ON e.id = c.id
        WHERE e.status <> 'retracted' AND e.id IS DISTINCT FROM $6
          AND NOT EXISTS (SELECT 1 FROM timeline.event_distinctions d
                          WHERE d.event_id = least(e.id, $6) AND d.other_id = greatest(e.id, $6))
        """;

    private sealed record StoredSource(string? Url);

    private sealed record Candidate(Guid Id, string Title, string Summary, string Occurred, DateOnly Earliest, DateOnly Latest, string[] Actors, string[] Urls);

    /// <summary>
    /// Dates overlapping 0.3 (0.15 when one span is much wider, <see cref="CloseDays"/>); shared actors 0.15 for one, 0.25 for two, 0.3 for more; titles up to 0.65 (a title alone shows from 0.7 alike) and summaries up to
    /// 0.2 by their likeness; the same source URL 0.5. At most 1.
    /// </summary>
    private static PossibleDuplicate? Score(DuplicateProbe probe, HashSet<long> title, HashSet<long> summary, List<string> urls, Candidate c)
    {
        var score = 0.0;
        var reasons = new List<string>();
        if (probe.Earliest is { } earliest && probe.Latest is { } latest && c.Earliest <= latest && c.Latest >= earliest)
        {
            var agree = Math.Abs(c.Earliest.DayNumber - earliest.DayNumber) <= CloseDays && Math.Abs(c.Latest.DayNumber - latest.DayNumber) <= CloseDays;
            score += agree ? 0.3 : 0.15;
            reasons.Add(agree ? "dates overlap" : "dates overlap, one over a wider span");
        }

        var shared = c.Actors.Intersect(probe.Actors, StringComparer.Ordinal).Count();
        if (shared > 0)
        {
            score += shared switch { 1 => 0.15, 2 => 0.25, _ => 0.3 };
            reasons.Add(shared == 1 ? "1 actor in common" : $"{shared} actors in common");
        }

        var titles = Trigrams.Similarity(title, Trigrams.Of(NameKeys.Key(c.Title)));
        if (titles >= 0.2)
        {
            score += 0.65 * titles;
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"titles alike ({titles:0.00})"));
        }

        var summaries = summary.Count == 0 ? 0 : Trigrams.Similarity(summary, Trigrams.Of(NameKeys.Key(c.Summary)));
        if (summaries >= 0.2)
        {
            score += 0.2 * summaries;
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"summaries alike ({summaries:0.00})"));
        }

        if (c.Urls.Any(u => urls.Contains(u, StringComparer.Ordinal)))
        {
            score += 0.5;
            reasons.Add("the same source URL");
        }

        score = Math.Round(Math.Min(1, score), 2);
        return score >= ShownFrom ? new PossibleDuplicate(c.Id, c.Title, c.Occurred, score, reasons) : null;
    }
}

/// <summary>
/// Trigram likeness as pg_trgm counts it: each word padded with two spaces before and one after, shared over all. A
/// trigram is its three UTF-16 units packed into one number, so that scoring a body's 250 candidates, titles and
/// summaries, makes no string a trigram.
/// </summary>
public static class Trigrams
{
    public static HashSet<long> Of(string key)
    {
        var set = new HashSet<long>();
        var rest = key.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(' ');
            var word = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (word.IsEmpty)
            {
                continue;
            }

            // "  word ": each window of three, from the two spaces before the first letter to the space after the last.
            char before = ' ', last = ' ';
            foreach (var letter in word)
            {
                set.Add(Of(before, last, letter));
                (before, last) = (last, letter);
            }

            set.Add(Of(before, last, ' '));
        }

        return set;
    }

    private static long Of(char a, char b, char c) => ((long)a << 32) | ((long)b << 16) | c;

    public static double Similarity(HashSet<long> a, HashSet<long> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (smaller, larger) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var trigram in smaller)
        {
            if (larger.Contains(trigram))
            {
                shared++;
            }
        }

        return shared / (double)(a.Count + b.Count - shared);
    }
}
