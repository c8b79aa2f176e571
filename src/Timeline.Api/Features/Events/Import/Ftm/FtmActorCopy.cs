using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Changes;
using Timeline.Core.Actors;
using Timeline.Core.Changes;

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>An actor from an FtM entity, ready to copy: the actor, its first revision, and its change-log data.</summary>
public sealed record ImportedActor(Actor Actor, ActorRevision Revision, Change Change);

/// <summary>
/// The actors an FtM import records, as EF Core maps them: each actor, its identifiers, its names, its first revision and its
/// <c>actor.recorded</c> change (the log fills in the transaction id and the sequence).
/// </summary>
public static class FtmActorCopy
{
    public static readonly CopyTable<ImportedActor> Actors = new("timeline.actors",
    [
        CopyColumn<ImportedActor>.Of("code", NpgsqlDbType.Varchar, r => r.Actor.Code),
        CopyColumn<ImportedActor>.Of("name", NpgsqlDbType.Varchar, r => r.Actor.Name),
        CopyColumn<ImportedActor>.Of("kind", NpgsqlDbType.Varchar, r => r.Actor.Kind),
        CopyColumn<ImportedActor>.Of("aliases", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.Actor.Aliases),
        CopyColumn<ImportedActor>.Of("search_names", NpgsqlDbType.Text, r => r.Actor.SearchNames),
        CopyColumn<ImportedActor>.Of("recorded_at", NpgsqlDbType.TimestampTz, r => r.Actor.RecordedAt),
        CopyColumn<ImportedActor>.Of("updated_at", NpgsqlDbType.TimestampTz, r => r.Actor.UpdatedAt),
        CopyColumn<ImportedActor>.Of("updated_by", NpgsqlDbType.Varchar, r => r.Actor.UpdatedBy),
        CopyColumn<ImportedActor>.Of("version", NpgsqlDbType.Integer, r => r.Actor.Version),
    ]);

    public static readonly CopyTable<ActorIdentifier> Identifiers = new("timeline.actor_identifiers",
    [
        CopyColumn<ActorIdentifier>.Of("scheme", NpgsqlDbType.Varchar, i => i.Scheme),
        CopyColumn<ActorIdentifier>.Of("value", NpgsqlDbType.Varchar, i => i.Value),
        CopyColumn<ActorIdentifier>.Of("actor_code", NpgsqlDbType.Varchar, i => i.ActorCode),
    ]);

    public static readonly CopyTable<ActorName> Names = new("timeline.actor_names",
    [
        CopyColumn<ActorName>.Of("actor_code", NpgsqlDbType.Varchar, n => n.ActorCode),
        CopyColumn<ActorName>.Of("name", NpgsqlDbType.Varchar, n => n.Name),
        CopyColumn<ActorName>.Of("key", NpgsqlDbType.Varchar, n => n.Key),
        CopyColumn<ActorName>.Of("sound", NpgsqlDbType.Varchar, n => n.Sound),
        CopyColumn<ActorName>.Of("words", NpgsqlDbType.Array | NpgsqlDbType.Text, n => n.Words),
    ]);

    public static readonly CopyTable<ImportedActor> Revisions = new("timeline.actor_revisions",
    [
        CopyColumn<ImportedActor>.Of("id", NpgsqlDbType.Uuid, r => r.Revision.Id),
        CopyColumn<ImportedActor>.Of("actor_code", NpgsqlDbType.Varchar, r => r.Revision.ActorCode),
        CopyColumn<ImportedActor>.Of("version", NpgsqlDbType.Integer, r => r.Revision.Version),
        CopyColumn<ImportedActor>.Of("change", NpgsqlDbType.Varchar, r => r.Revision.Change),
        CopyColumn<ImportedActor>.Of("changed_at", NpgsqlDbType.TimestampTz, r => r.Revision.ChangedAt),
        CopyColumn<ImportedActor>.Of("changed_by", NpgsqlDbType.Varchar, r => r.Revision.ChangedBy),
        CopyColumn<ImportedActor>.Of("name", NpgsqlDbType.Varchar, r => r.Revision.Name),
        CopyColumn<ImportedActor>.Of("kind", NpgsqlDbType.Varchar, r => r.Revision.Kind),
        CopyColumn<ImportedActor>.Of("aliases", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.Revision.Aliases),
        CopyColumn<ImportedActor>.Of("identifiers", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.Revision.Identifiers),
    ]);

    /// <summary>Copies the actors, then what refers to them: their identifiers, names, revisions and changes.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<FtmActor> actors, string recordedBy, DateTimeOffset now,
        History history, CancellationToken ct)
    {
        if (actors.Count == 0)
        {
            return;
        }

        var rows = actors.Select(a =>
        {
            var actor = a.ToActor(recordedBy, now);
            return new ImportedActor(actor, actor.ToRevision("recorded"), history.ChangeOf(ActorHistory.Kind, actor, ChangeKinds.ActorRecorded));
        }).ToList();
        await Actors.WriteAsync(connection, rows, ct);
        await Identifiers.WriteAsync(connection, rows.SelectMany(r => r.Actor.Identifiers), ct);
        await Names.WriteAsync(connection, rows.SelectMany(r => r.Actor.Names), ct);
        await Revisions.WriteAsync(connection, rows, ct);
        await ChangeLog.AppendAsync(connection, rows.Select(r => r.Change), ct);
    }
}
