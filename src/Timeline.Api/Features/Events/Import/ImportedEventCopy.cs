using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Events;
using static Timeline.Api.Features.Changes.CopyColumn<Timeline.Api.Features.Events.Import.ImportedEvent>;

namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// An event ready to copy: the event, its first revision (from <see cref="Event.ToRevision"/>, as recording makes it),
/// its sources, related events and sanction as EF Core stores them, and its change (from <see cref="Changes.History"/>); built
/// before the copy, off the transaction's connection.
/// </summary>
public sealed record ImportedEvent(Event Event, EventRevision Revision, string Sources, string Related, string? Sanction, string Places, Change Change);

/// <summary>
/// The imported rows as EF Core maps them: events, their first revisions, and one <c>event.imported</c> change each
/// (the log fills in the transaction id and the sequence). Open date ends are ±infinity, as EF Core writes them.
/// </summary>
public static class ImportedEventCopy
{
    /// <summary>The columns events and revisions share, from either state.</summary>
    private static CopyColumn<ImportedEvent>[] State(Func<ImportedEvent, EventState> state) =>
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

    public static readonly CopyTable<ImportedEvent> Events = new("timeline.events",
    [
        Of("id", NpgsqlDbType.Uuid, r => r.Event.EventId),
        .. State(r => r.Event),
        Of("external_id", NpgsqlDbType.Varchar, r => r.Event.ExternalId),
    ]);

    public static readonly CopyTable<ImportedEvent> Revisions = new("timeline.event_revisions",
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
    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<ImportedEvent> rows, CancellationToken ct)
    {
        await Events.WriteAsync(connection, rows, ct);
        await Revisions.WriteAsync(connection, rows, ct);
        await ChangeLog.AppendAsync(connection, rows.Select(r => r.Change), ct);
    }
}
