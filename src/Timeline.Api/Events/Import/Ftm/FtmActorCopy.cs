using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Actors;
using Timeline.Api.Changes;
using Timeline.Core.Changes;
using static Timeline.Api.Events.Import.CopyColumn<Timeline.Api.Events.Import.Ftm.ImportedActor>;

namespace Timeline.Api.Events.Import.Ftm;

/// <summary>An actor from an FtM entity, ready to copy: the actor, when it was recorded, and its change-log data.</summary>
public sealed record ImportedActor(FtmActor Actor, DateTimeOffset RecordedAt, string ChangeData)
{
    /// <summary>The actor as <c>GET /api/actors/{code}</c> returns it, names cut to what an actor holds.</summary>
    public static ActorView View(FtmActor a) => new(a.Code, Cut(a.Name), a.Kind, [.. a.Aliases.Select(Cut)]);

    private static string Cut(string name) => name.Length <= 200 ? name : name[..199] + "…";
}

/// <summary>The actors an FtM import records, as EF Core maps them, each with its <c>actor.recorded</c> change.</summary>
public static class FtmActorCopy
{
    public static readonly CopyTable<ImportedActor> Actors = new("timeline.actors",
    [
        Of("code", NpgsqlDbType.Varchar, r => r.Actor.Code),
        Of("name", NpgsqlDbType.Varchar, r => ImportedActor.View(r.Actor).Name),
        Of("kind", NpgsqlDbType.Varchar, r => r.Actor.Kind),
        Of("aliases", NpgsqlDbType.Array | NpgsqlDbType.Text, r => ImportedActor.View(r.Actor).Aliases),
        Of("recorded_at", NpgsqlDbType.TimestampTz, r => r.RecordedAt),
    ]);

    public static readonly CopyTable<ImportedActor> Changes = new("timeline.changes",
    [
        Of("at", NpgsqlDbType.TimestampTz, r => r.RecordedAt),
        Of("kind", NpgsqlDbType.Varchar, _ => ChangeKinds.ActorRecorded),
        Of("entity", NpgsqlDbType.Varchar, _ => ChangeEntities.Actor),
        Of("entity_id", NpgsqlDbType.Varchar, r => r.Actor.Code),
        Of("version", NpgsqlDbType.Integer, _ => 1),
        Of("data", NpgsqlDbType.Json, r => r.ChangeData),
    ]);

    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<FtmActor> actors, DateTimeOffset now, ChangeEntries changes, CancellationToken ct)
    {
        if (actors.Count == 0)
        {
            return;
        }

        var rows = actors.Select(a => new ImportedActor(a, now, changes.Actor(ChangeKinds.ActorRecorded, ImportedActor.View(a), now).Data)).ToList();
        await Actors.WriteAsync(connection, rows, ct);
        await Changes.WriteAsync(connection, rows, ct);
    }
}
