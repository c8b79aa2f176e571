using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Actors;

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

    // The trigram operator (<%, at pg_trgm's default threshold of 0.6, below FindsAt) lets the GIN indexes on the keys
    // narrow the names; the words as prefixes (the actors' text search vector) still find what a prefix finds.
    public const string Sql = """
        WITH candidates AS (
            (SELECT n.actor_code FROM timeline.actor_names n WHERE @key <% n.key OR @sound <% n.sound LIMIT @max)
            UNION
            (SELECT a.code FROM timeline.actors a WHERE @prefixes <> '' AND a.search_vector @@ to_tsquery('simple', @prefixes) LIMIT @max)
            UNION
            SELECT a.code FROM timeline.actors a WHERE a.code = @code
            UNION
            SELECT i.actor_code FROM timeline.actor_identifiers i WHERE i.scheme = ANY(@schemes) AND i.value = ANY(@values)
        ),
        scored AS (
            SELECT c.actor_code, best.name, best.score,
                   c.actor_code = @code OR EXISTS (SELECT 1 FROM timeline.actor_identifiers i
                       WHERE i.actor_code = c.actor_code AND i.scheme = ANY(@schemes) AND i.value = ANY(@values)) AS exact,
                   @prefixes <> '' AND EXISTS (SELECT 1 FROM timeline.actors a
                       WHERE a.code = c.actor_code AND a.search_vector @@ to_tsquery('simple', @prefixes)) AS prefixed
            FROM candidates c
            CROSS JOIN LATERAL (
                SELECT n.name, greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound)) AS score
                FROM timeline.actor_names n WHERE n.actor_code = c.actor_code
                ORDER BY score DESC, n.name LIMIT 1) best
        ),
        ranked AS (
            SELECT actor_code, name, score, row_number() OVER (ORDER BY exact DESC, score DESC, actor_code) AS rank
            FROM scored WHERE exact OR prefixed OR score >= @findsAt
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
            new("findsAt", FindsAt),
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
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection());
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
