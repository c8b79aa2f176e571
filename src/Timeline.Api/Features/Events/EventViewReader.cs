using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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

    /// <summary>Whether the rows are the projection's columns, in its order, as this reader (and <c>TimelineAnswer</c>) read them.</summary>
    public static bool HasTheProjectionsShape(DbDataReader reader)
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
        List(r, 13, StoredJson.Default.Source), List(r, 14, StoredJson.Default.RelatedEvent),
        r.IsDBNull(15) ? null : r.GetInt32(15),
        Json(r, 16, StoredJson.Default.Sanction),
        r.GetFieldValue<DateTimeOffset>(17), r.GetString(18), r.GetFieldValue<DateTimeOffset>(19), r.GetString(20), r.GetInt32(21),
        r.IsDBNull(22) ? null : r.GetString(22),
        List(r, 23, StoredJson.Default.EventPlace));

    // As UTF-8 bytes, the way they arrive and the way System.Text.Json reads: a string would transcode them twice.
    private static T? Json<T>(NpgsqlDataReader r, int ordinal, JsonTypeInfo<T> type) where T : class =>
        r.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(r.GetFieldValue<byte[]>(ordinal), type);

    // Most events relate to no other event and name no place: an empty array is known without the serializer. A list is
    // read element by element: System.Text.Json, reading a list whole, allocates a stack of frames (about 1 KB) for each
    // list, which each flat element alone does not need; those stacks were a seventh of what a timeline page allocated.
    private static List<T> List<T>(NpgsqlDataReader r, int ordinal, JsonTypeInfo<T> element)
    {
        if (r.IsDBNull(ordinal))
        {
            return [];
        }

        var json = r.GetFieldValue<byte[]>(ordinal);
        if (json.AsSpan().SequenceEqual("[]"u8))
        {
            return [];
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"column {r.GetName(ordinal)} holds no JSON array");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(JsonSerializer.Deserialize(ref reader, element) ?? throw new JsonException($"column {r.GetName(ordinal)} holds a null element"));
        }

        return items;
    }
}

/// <summary>EF Core's JSON columns as it stores them (property names as in the CLR types, dates as ISO days), read without reflection.</summary>
[JsonSerializable(typeof(Source))]
[JsonSerializable(typeof(RelatedEvent))]
[JsonSerializable(typeof(Sanction))]
[JsonSerializable(typeof(EventPlace))]
internal sealed partial class StoredJson : JsonSerializerContext;
