using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Which of an actor's names a search matched, and how much of the query that name contains (0–1).</summary>
public sealed record ActorMatch(string Name, double Score);

/// <summary>An actor a name search found: its place in the ranking, the name that matched best, and its record.</summary>
public sealed record RankedActor(string Code, long Rank, ActorMatch Match, ActorView Actor);

/// <summary>
/// The actors a name search found, best first, and whether it looked beyond the names holding the query's words: when it
/// did not, names spelt alike may come after the last.
/// </summary>
public sealed record ActorSearchResult(IReadOnlyList<RankedActor> Found, bool Widened);

/// <summary>
/// Finds actors by the best of their names, compared by name keys (<see cref="NameKeys"/>). A name is found when it holds
/// every word of the query: as written, as it sounds, spelt alike (trigram similarity) or begun by the query's word —
/// the names' words index narrows to those first. Its score is how much of the query it contains (pg_trgm's
/// <c>word_similarity</c>), of the key as written or of its sound, the better of the two. Exact codes and identifiers
/// come first; then the names holding every word of the query as written or as it sounds; then the names that hold some
/// only spelt alike or begun; each by score, best first, then by code. An actor's match is its best name of its best rank.
/// </summary>
public static class ActorSearch
{
    /// <summary>
    /// The least score by which the <c>&lt;%</c> operator finds a name (places' search, <see cref="Threshold"/>); a name
    /// this search finds scores at least this much when it holds the query's words as written. Measured: a word missing
    /// from a two-word name (<c>zqword trad</c> against <c>zqword group</c>) scores 0.69; a three-letter prefix (<c>kor</c>) 0.75.
    /// </summary>
    public const double FindsAt = 0.75;

    /// <summary>The most candidates a query ranks: a one-letter prefix would otherwise rank every actor.</summary>
    private const int MaxCandidates = 2000;

    /// <summary>
    /// Sets the threshold of pg_trgm's <c>&lt;%</c> to <see cref="FindsAt"/>, so that trigram indexes on name keys find
    /// exactly the names that score enough: sent by the searches that use the operator (places) before their query.
    /// </summary>
    public static readonly string Threshold = FormattableString.Invariant($"SET pg_trgm.word_similarity_threshold = {FindsAt}");

    // Two passes in one statement. The first looks up the names holding every word of the query as written or as it
    // sounds (`found`: a text search query of those words alone on the GIN index of the names' words, where a query of
    // two words or more asks for pairs of them, whose index entries are few: NameWords; some 0.05 ms at 100 000 actors),
    // beside the actors found exactly (code, identifier) scored by the best of their names.
    // Only when these fill less than a page (@page actors after the previous page's last: `gate`) are the names spelt
    // alike or begun by the query's words added (`widened`; otherwise a one-time filter leaves that part of the plan
    // unrun): the query's words widened by timeline.actor_name_words_query (migration ActorNameWordsForSearch) to the
    // recorded words they may stand for, whose common syllables' long posting lists cost some 4 ms more.
    // The ranking is the same either way, so that a page and the next agree: exact codes and identifiers; then names
    // holding every word of the query; then names only spelt alike; each by score, then code. A name holding every word
    // the analyst typed comes before one that merely resembles them, even when the resemblance scores higher: the first
    // pass may fill a page before any of those is seen. The page's actors are read with their records and identifiers,
    // so that a page of results is one round trip.
    public const string Sql = """
        WITH exact AS (
            SELECT a.code AS actor_code FROM timeline.actors a WHERE a.code = @code
            UNION
            SELECT i.actor_code FROM timeline.actor_identifiers i WHERE i.scheme = ANY(@schemes) AND i.value = ANY(@values)
        ),
        spelling AS (
            SELECT @spelling::tsquery AS words
        ),
        found AS (
            (SELECT n.actor_code, n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score, 1 AS tier
             FROM timeline.actor_names n WHERE array_to_tsvector(n.words) @@ (SELECT words FROM spelling) LIMIT @max)
            UNION ALL
            SELECT e.actor_code, best.name, best.score, 0 FROM exact e
            CROSS JOIN LATERAL (
                SELECT n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score
                FROM timeline.actor_names n WHERE n.actor_code = e.actor_code
                ORDER BY score DESC, n.name LIMIT 1) best
        ),
        found_ranked AS (
            SELECT b.actor_code, row_number() OVER (ORDER BY b.tier, b.score DESC, b.actor_code) AS rank
            FROM (SELECT DISTINCT ON (actor_code) actor_code, score, tier FROM found ORDER BY actor_code, tier, score DESC) b
        ),
        gate AS (
            SELECT count(*) < @page AS widen FROM found_ranked
            WHERE rank > coalesce((SELECT rank FROM found_ranked WHERE actor_code = @after), CASE WHEN @after IS NULL THEN 0 END)
        ),
        widened AS (
            SELECT n.actor_code, n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score, 2 AS tier
            FROM timeline.actor_names n
            WHERE (SELECT widen FROM gate)
              AND array_to_tsvector(n.words) @@ (SELECT timeline.actor_name_words_query(@words, @sounds)) AND NOT array_to_tsvector(n.words) @@ (SELECT words FROM spelling)
            LIMIT @max
        ),
        ranked AS (
            SELECT b.actor_code, b.name, b.score, row_number() OVER (ORDER BY b.tier, b.score DESC, b.actor_code) AS rank
            FROM (SELECT DISTINCT ON (actor_code) actor_code, name, score, tier
                  FROM (SELECT * FROM found UNION ALL SELECT * FROM widened) c
                  ORDER BY actor_code, tier, score DESC, name) b
        )
        SELECT p.actor_code, p.rank, p.name, p.score, (SELECT widen FROM gate) AS widened,
               a.name, a.kind, a.aliases, a.recorded_at, a.updated_at, a.updated_by, a.version, ids.identifier_schemes, ids.identifier_values
        FROM (SELECT actor_code, rank, name, score FROM ranked
              WHERE rank > coalesce((SELECT rank FROM ranked WHERE actor_code = @after), 0)
              ORDER BY rank LIMIT @limit) p
        JOIN timeline.actors a ON a.code = p.actor_code
        CROSS JOIN LATERAL (
            SELECT array_agg(i.scheme ORDER BY i.scheme) AS identifier_schemes, array_agg(i.value ORDER BY i.scheme) AS identifier_values
            FROM timeline.actor_identifiers i WHERE i.actor_code = a.code) ids
        ORDER BY p.rank
        """;

    /// <summary>
    /// <see cref="Sql"/> with its named parameters written once as PostgreSQL's positional ones, in the order of
    /// <see cref="Parameters"/>. Named, Npgsql parsed and rewrote the whole statement on every search (some 3 KB of SQL:
    /// an eighth of what a search allocated); positional, it sends the text as it is.
    /// </summary>
    internal static readonly string PositionalSql = Positional(Sql, [.. Parameters("a", null, 1, 1).Select(p => p.ParameterName)]);

    internal static string Positional(string sql, string[] order) =>
        Regex.Replace(sql, @"(?<![@\w])@([a-z]+)\b", m => Array.IndexOf(order, m.Groups[1].Value) is var i and >= 0
            ? FormattableString.Invariant($"${i + 1}")
            : throw new InvalidOperationException($"the search's SQL names a parameter it is not given: {m.Value}"));

    /// <summary>
    /// The parameters of <see cref="Sql"/> for a query: at most <paramref name="limit"/> actors, widened to names spelt
    /// alike when the query's words find fewer than <paramref name="page"/> (the benchmark writes them into the SQL it gives pgbench).
    /// </summary>
    public static NpgsqlParameter[] Parameters(string q, string? after, int page, int limit)
    {
        var key = NameKeys.Key(q);
        var value = q.Trim();
        // The key's words, each with its own sound (the whole key's sound is sorted again, so not word for word).
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sounds = words.Select(NameKeys.Sound).ToArray();
        return
        [
            new("key", key),
            new("sound", NameKeys.Sound(key)),
            new("words", words),
            new("sounds", sounds),
            new("spelling", NpgsqlDbType.Text) { Value = (object?)NameWords.Query(words, sounds) ?? DBNull.Value },
            new("code", value.ToUpperInvariant()),
            new("schemes", IdentifierSchemes.All),
            new("values", new[] { value, value.ToUpperInvariant() }),
            new("after", NpgsqlDbType.Varchar) { Value = (object?)after ?? DBNull.Value },
            new("page", page),
            new("limit", limit),
            new("max", MaxCandidates),
        ];
    }

    /// <summary>
    /// The actors <paramref name="q"/> finds after the actor <paramref name="after"/> (a page's last): at most
    /// <paramref name="limit"/>, of which the first <paramref name="page"/> are looked for among the names holding the
    /// query's words before any spelt alike.
    /// </summary>
    public static async Task<ActorSearchResult> FindAsync(TimelineDbContext db, string q, string? after, int page, int limit, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(PositionalSql, (NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var parameter in Parameters(q, after, page, limit))
            {
                // Unnamed: each stands for its $n, by its place in the list.
                parameter.ParameterName = "";
                command.Parameters.Add(parameter);
            }
            // Planning this statement cost PostgreSQL more than running it (3.7 of 9.5 ms at 100 000 actors): prepared, it is
            // planned once a pooled connection (Npgsql keeps it prepared across the pool's reuses).
            await command.PrepareAsync(ct);
            var found = new List<RankedActor>();
            var widened = true;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(0);
                var match = new ActorMatch(reader.GetString(2), Math.Round(reader.GetFloat(3), 2));
                widened = reader.GetBoolean(4);
                var schemes = reader.IsDBNull(12) ? [] : reader.GetFieldValue<string[]>(12);
                var values = reader.IsDBNull(13) ? [] : reader.GetFieldValue<string[]>(13);
                var actor = new ActorView(code, reader.GetString(5), reader.GetString(6), reader.GetFieldValue<string[]>(7),
                    ActorViews.IdentifierMap(schemes.Zip(values)), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9),
                    reader.GetString(10), reader.GetInt32(11)) { Match = match };
                found.Add(new RankedActor(code, reader.GetInt64(1), match, actor));
            }

            return new ActorSearchResult(found, widened);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
