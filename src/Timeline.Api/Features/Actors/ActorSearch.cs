using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Which of an actor's names a search matched, and how much of the query that name contains (0–1).</summary>
public sealed record ActorMatch(string Name, double Score);

/// <summary>An actor a name search found: its place in the ranking and the name that matched best.</summary>
public sealed record RankedActor(string Code, long Rank, ActorMatch Match);

/// <summary>
/// Finds actors by the best of their names, compared by name keys (<see cref="NameKeys"/>): a name's score is how
/// much of the query it contains (pg_trgm's <c>word_similarity</c>), of the key as written or of its sound, the
/// better of the two. Exact codes and identifiers come first; then the scores, best first; then codes.
/// </summary>
public static class ActorSearch
{
    /// <summary>
    /// The least score that finds a name. Measured: a word missing from a two-word name (<c>zqword trad</c> against
    /// <c>zqword group</c>) scores 0.69 and is not found; a three-letter prefix of a word (<c>kor</c>) scores 0.75.
    /// </summary>
    public const double FindsAt = 0.75;

    /// <summary>The most candidates a query ranks: a one-letter prefix would otherwise rank every actor.</summary>
    private const int MaxCandidates = 2000;

    /// <summary>
    /// Sets the threshold of pg_trgm's <c>&lt;%</c> to <see cref="FindsAt"/>, so that the GIN indexes on the keys find
    /// exactly the names that score enough (a name's score is the better of its two <c>word_similarity</c>s). Sent
    /// before <see cref="Sql"/> on the same connection; nothing else here uses the operator.
    /// </summary>
    public static readonly string Threshold = FormattableString.Invariant($"SET pg_trgm.word_similarity_threshold = {FindsAt}");

    // Names found by their keys are scored as found; actors found otherwise (their words as prefixes of their code, name
    // or aliases, the actors' text search vector; an exact code or identifier) are scored by the best of their names.
    public const string Sql = """
        WITH exact AS (
            SELECT a.code AS actor_code FROM timeline.actors a WHERE a.code = @code
            UNION
            SELECT i.actor_code FROM timeline.actor_identifiers i WHERE i.scheme = ANY(@schemes) AND i.value = ANY(@values)
        ),
        others AS (
            (SELECT a.code AS actor_code FROM timeline.actors a
             WHERE @prefixes <> '' AND a.search_vector @@ to_tsquery('simple', @prefixes) LIMIT @max)
            UNION
            SELECT actor_code FROM exact
        ),
        scored AS (
            (SELECT n.actor_code, n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score
             FROM timeline.actor_names n WHERE @key <% n.key OR @sound <% n.sound LIMIT @max)
            UNION ALL
            SELECT o.actor_code, best.name, best.score FROM others o
            CROSS JOIN LATERAL (
                SELECT n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score
                FROM timeline.actor_names n WHERE n.actor_code = o.actor_code
                ORDER BY score DESC, n.name LIMIT 1) best
        ),
        best AS (
            SELECT DISTINCT ON (actor_code) actor_code, name, score FROM scored ORDER BY actor_code, score DESC, name
        ),
        ranked AS (
            SELECT b.actor_code, b.name, b.score,
                   row_number() OVER (ORDER BY b.actor_code IN (SELECT actor_code FROM exact) DESC, b.score DESC, b.actor_code) AS rank
            FROM best b
        )
        SELECT actor_code, rank, name, score FROM ranked
        WHERE rank > coalesce((SELECT rank FROM ranked WHERE actor_code = @after), 0)
        ORDER BY rank LIMIT @limit
        """;

    /// <summary>The parameters of <see cref="Sql"/> for a query (the benchmark writes them into the SQL it gives pgbench).</summary>
    public static NpgsqlParameter[] Parameters(string q, string? after, int limit)
    {
        var key = NameKeys.Key(q);
        var value = q.Trim();
        return
        [
            new("key", key),
            new("sound", NameKeys.Sound(key)),
            new("prefixes", string.Join(" & ", ListActors.Words(q).Select(w => w + ":*"))),
            new("code", value.ToUpperInvariant()),
            new("schemes", IdentifierSchemes.All),
            new("values", new[] { value, value.ToUpperInvariant() }),
            new("after", NpgsqlDbType.Varchar) { Value = (object?)after ?? DBNull.Value },
            new("limit", limit),
            new("max", MaxCandidates),
        ];
    }

    /// <summary>The actors <paramref name="q"/> finds after the actor <paramref name="after"/> (a page's last), at most <paramref name="limit"/>.</summary>
    public static async Task<List<RankedActor>> FindAsync(TimelineDbContext db, string q, string? after, int limit, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var threshold = new NpgsqlCommand(Threshold, connection))
            {
                await threshold.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddRange(Parameters(q, after, limit));
            var found = new List<RankedActor>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new RankedActor(reader.GetString(0), reader.GetInt64(1), new ActorMatch(reader.GetString(2), Math.Round(reader.GetFloat(3), 2))));
            }

            return found;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
