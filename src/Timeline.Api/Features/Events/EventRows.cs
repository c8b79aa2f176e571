using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Events;
using static Timeline.Api.Features.Changes.CopyColumn<Timeline.Api.Features.Events.EventRows>;

namespace Timeline.Api.Features.Events;

/// <summary>
/// A new event's rows: the event, its first revision (from <see cref="Event.ToRevision"/>), its sources, related events,
/// sanction and places as EF Core stores them, and its change (from <see cref="Changes.History"/>); built before they
/// are written, off the transaction's connection.
/// </summary>
public sealed record EventRows(Event Event, EventRevision Revision, string Sources, string Related, string? Sanction, string Places, Change Change)
{
    /// <summary>The JSON shape EF Core writes for the owned JSON members (sources, related, sanction, places): CLR member names.</summary>
    private static readonly JsonSerializerOptions StoredJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    /// <summary>The rows of an event at version 1 and its change (<see cref="History.ChangeOf"/>).</summary>
    public static EventRows Of(Event e, Change change) => new(e, e.ToRevision("recorded", null),
        JsonSerializer.Serialize(e.Sources, StoredJson), JsonSerializer.Serialize(e.Related, StoredJson),
        e.Sanction is null ? null : JsonSerializer.Serialize(e.Sanction, StoredJson), JsonSerializer.Serialize(e.Places, StoredJson),
        change);
}

/// <summary>
/// New events' rows as EF Core maps them: events, their first revisions, and one change each (the log fills in the
/// transaction id and the sequence). Open date ends are ±infinity, as EF Core writes them. An import copies many
/// (<see cref="CopyAsync"/>); recording one sends its three INSERTs in one round trip (<see cref="InsertAsync"/>), with
/// the same columns, without EF Core's change tracking of the event, its revision and their owned JSON members.
/// </summary>
public static class EventTables
{
    /// <summary>The columns events and revisions share, from either state.</summary>
    private static CopyColumn<EventRows>[] State(Func<EventRows, EventState> state) =>
    [
        Of("title", NpgsqlDbType.Varchar, r => state(r).Title),
        Of("summary", NpgsqlDbType.Varchar, r => state(r).Summary),
        Of("occurred", NpgsqlDbType.Varchar, r => state(r).Occurred),
        Of("earliest", NpgsqlDbType.Date, r => state(r).Earliest),
        Of("latest", NpgsqlDbType.Date, r => state(r).Latest),
        Of("precision", NpgsqlDbType.Varchar, r => state(r).Precision),
        Of("uncertain", NpgsqlDbType.Boolean, r => state(r).Uncertain),
        Of("approximate", NpgsqlDbType.Boolean, r => state(r).Approximate),
        Of("type", NpgsqlDbType.Varchar, r => state(r).Type),
        Of("status", NpgsqlDbType.Varchar, r => state(r).Status),
        Of("actors", NpgsqlDbType.Array | NpgsqlDbType.Text, r => state(r).Actors),
        Of("tags", NpgsqlDbType.Array | NpgsqlDbType.Text, r => state(r).Tags),
        Of("source_titles", NpgsqlDbType.Text, r => state(r).SourceTitles),
        Of("recorded_at", NpgsqlDbType.TimestampTz, r => state(r).RecordedAt),
        Of("recorded_by", NpgsqlDbType.Varchar, r => state(r).RecordedBy),
        Of("updated_at", NpgsqlDbType.TimestampTz, r => state(r).UpdatedAt),
        Of("updated_by", NpgsqlDbType.Varchar, r => state(r).UpdatedBy),
        Of("version", NpgsqlDbType.Integer, r => state(r).Version),
        Of("retraction_reason", NpgsqlDbType.Varchar, r => state(r).RetractionReason),
        Of("related", NpgsqlDbType.Jsonb, r => r.Related),
        Of("sources", NpgsqlDbType.Jsonb, r => r.Sources),
        Of("credibility", NpgsqlDbType.Integer, r => state(r).Credibility),
        Of("sanction", NpgsqlDbType.Jsonb, r => r.Sanction),
        Of("source_reliabilities", NpgsqlDbType.Array | NpgsqlDbType.Text, r => state(r).SourceReliabilities),
        Of("places", NpgsqlDbType.Jsonb, r => r.Places),
        Of("footprint", NpgsqlDbType.Geometry, r => state(r).Footprint),
    ];

    public static readonly CopyTable<EventRows> Events = new("timeline.events",
    [
        Of("id", NpgsqlDbType.Uuid, r => r.Event.EventId),
        .. State(r => r.Event),
        Of("external_id", NpgsqlDbType.Varchar, r => r.Event.ExternalId),
    ]);

    public static readonly CopyTable<EventRows> Revisions = new("timeline.event_revisions",
    [
        Of("id", NpgsqlDbType.Uuid, r => r.Revision.Id),
        Of("valid_from", NpgsqlDbType.TimestampTz, r => r.Revision.ValidFrom),
        Of("valid_to", NpgsqlDbType.TimestampTz, r => r.Revision.ValidTo),
        Of("change", NpgsqlDbType.Text, r => r.Revision.Change),
        Of("reason", NpgsqlDbType.Text, r => r.Revision.Reason),
        Of("event_id", NpgsqlDbType.Uuid, r => r.Revision.EventId),
        .. State(r => r.Revision),
    ]);

    /// <summary>Copies the events, then their revisions (which refer to them), then their changes.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<EventRows> rows, CancellationToken ct)
    {
        await Events.WriteAsync(connection, rows, ct);
        await Revisions.WriteAsync(connection, rows, ct);
        await ChangeLog.AppendAsync(connection, rows.Select(r => r.Change), ct);
    }

    /// <summary>One event's rows in the caller's transaction, in that order, as one batch: one round trip.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, EventRows row, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Events.Insert(row), Revisions.Insert(row), ChangeLog.Rows.Insert(row.Change) },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }
}
