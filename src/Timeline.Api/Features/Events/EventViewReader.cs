using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Core.Data;
using Timeline.Core.Events;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Events;

/// <summary>
/// Runs a query EF Core built with <see cref="EventViewProjection.ToViews{T}"/> and reads its rows into views itself.
/// EF Core's materializer for the JSON-mapped sources, related events and sanction makes a delegate for every row
/// (a closure per owned JSON column: 9 % of the API's CPU on a timeline page in the profile of docs/BENCHMARKS.md);
/// here those columns are read as text and parsed with System.Text.Json in the names EF Core stores them by.
/// The SQL, its parameters and its filters stay EF Core's: only the reading of rows is ours.
/// </summary>
public static class EventViewReader
{
    /// <summary>The projection's columns (the id is <c>id</c> in events, <c>event_id</c> in revisions), in the order <see cref="EventViewProjection.ToViews{T}"/> selects them.</summary>
    private static readonly string[] Columns =
    [
        "", "title", "summary", "occurred", "", "", "precision", "uncertain", "approximate", "type", "status", "actors", "tags",
        "sources", "related", "credibility", "sanction", "recorded_at", "recorded_by", "updated_at", "updated_by", "version", "retraction_reason",
        "places",
    ];

    // EF Core's JSON columns: property names as in the CLR types, dates as ISO days.
    private static readonly JsonSerializerOptions Stored = new();

    public static async Task<List<EventView>> ToListAsync(IQueryable<EventView> views, TimelineDbContext db, CancellationToken ct)
    {
        await using var command = views.CreateDbCommand();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var reader = (NpgsqlDataReader)await command.ExecuteReaderAsync(ct);
            if (!HasTheProjectionsShape(reader))
            {
                // Not the shape this reader knows (the projection changed): EF Core's own materializer reads it.
                await reader.DisposeAsync();
                return await views.ToListAsync(ct);
            }

            var items = new List<EventView>();
            while (await reader.ReadAsync(ct))
            {
                items.Add(Read(reader));
            }

            return items;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static bool HasTheProjectionsShape(DbDataReader reader)
    {
        if (reader.FieldCount != Columns.Length)
        {
            return false;
        }

        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].Length > 0 && reader.GetName(i) != Columns[i])
            {
                return false;
            }
        }

        return true;
    }

    private static EventView Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5),
        r.GetString(6), r.GetBoolean(7), r.GetBoolean(8), r.GetString(9), r.GetString(10),
        r.GetFieldValue<string[]>(11), r.GetFieldValue<string[]>(12),
        Json<List<Source>>(r, 13)!, Json<List<RelatedEvent>>(r, 14)!,
        r.IsDBNull(15) ? null : r.GetInt32(15),
        Json<Sanction>(r, 16),
        r.GetFieldValue<DateTimeOffset>(17), r.GetString(18), r.GetFieldValue<DateTimeOffset>(19), r.GetString(20), r.GetInt32(21),
        r.IsDBNull(22) ? null : r.GetString(22),
        Json<List<EventPlace>>(r, 23) ?? []);

    // As UTF-8 bytes, the way they arrive and the way System.Text.Json reads: a string would transcode them twice.
    private static T? Json<T>(NpgsqlDataReader r, int ordinal) where T : class =>
        r.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<T>(r.GetFieldValue<byte[]>(ordinal), Stored);
}
