using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Api.Features.Actors;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Places;

/// <summary>Places by code; <see cref="Q"/> finds them by any of their names, compared by the same name keys as actors.</summary>
public sealed record ListPlaces : IQuery<PlaceList>
{
    /// <summary>
    /// A name in any script, or part of one (<c>Vladivostok</c>, <c>Владивосток</c>, <c>Khasan</c>), or a code: case,
    /// accents, punctuation and word order do not matter; Cyrillic, Greek and Hangul meet their Latin spellings. Each
    /// result's <c>match</c> says which of its names matched and how well (0–1), best first.
    /// </summary>
    public string? Q { get; init; }

    /// <summary>1–500, default 100.</summary>
    public string? Limit { get; init; }
}

public sealed record PlaceList(IReadOnlyList<PlaceView> Items);

public sealed class ListPlacesValidator : AbstractValidator<ListPlaces>
{
    public ListPlacesValidator()
    {
        RuleFor(x => x.Q).MaximumLength(200);
        RuleFor(x => x.Limit).Must(l => l is null || (int.TryParse(l, out var n) && n is >= 1 and <= 500)).WithMessage("limit is 1–500");
    }
}

public sealed class ListPlacesHandler(TimelineDbContext db) : IQueryHandler<ListPlaces, PlaceList>
{
    /// <summary>A place's score is its best name's: how much of the query's key (or its sound) the name's key holds.</summary>
    private sealed record Found(string PlaceCode, string Name, double Score);

    // The threshold of ActorSearch.Threshold, for the <% operator the trigram indexes answer; an exact code scores 1.
    private const string Sql = """
        SELECT place_code, name, score FROM (
            SELECT DISTINCT ON (n.place_code) n.place_code, n.name,
                   greatest(word_similarity(@key, n.key), word_similarity(@sound, n.sound), (n.place_code = @code)::int)::float8 AS score
            FROM timeline.place_names n
            WHERE @key <% n.key OR @sound <% n.sound OR n.place_code = @code
            ORDER BY n.place_code, score DESC, n.name) best
        ORDER BY score DESC, place_code LIMIT @limit
        """;

    private static async Task<List<Found>> FindAsync(TimelineDbContext db, string q, int limit, CancellationToken ct)
    {
        var key = NameKeys.Key(q);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var threshold = new NpgsqlCommand(ActorSearch.Threshold, connection))
            {
                await threshold.ExecuteNonQueryAsync(ct);
            }

            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("sound", NameKeys.Sound(key));
            command.Parameters.AddWithValue("code", q.Trim().ToLowerInvariant());
            command.Parameters.AddWithValue("limit", limit);
            var found = new List<Found>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new Found(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
            }

            return found;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async ValueTask<PlaceList> Handle(ListPlaces query, CancellationToken cancellationToken)
    {
        var limit = query.Limit is null ? 100 : int.Parse(query.Limit, System.Globalization.CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(query.Q))
        {
            var all = await db.Places.AsNoTracking().OrderBy(p => p.Code).Take(limit).ToListAsync(cancellationToken);
            return new PlaceList([.. all.Select(p => p.ToView())]);
        }

        var found = await FindAsync(db, query.Q, limit, cancellationToken);
        var codes = found.Select(f => f.PlaceCode).ToList();
        var places = await db.Places.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, cancellationToken);
        return new PlaceList([.. found.Where(f => places.ContainsKey(f.PlaceCode))
            .Select(f => places[f.PlaceCode].ToView() with { Match = new ActorMatch(f.Name, Math.Round(f.Score, 2)) })]);
    }
}
