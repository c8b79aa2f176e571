using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Changes;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// The one way rows reach <c>timeline.changes</c>: a change is built here, with the entity exactly as its <c>GET</c>
/// answers in the API's JSON, and written either by EF Core with the rest of a single write, or — for writes of many
/// rows (an import, the follow-up check) — by COPY through <see cref="Rows"/>, the log's one column list. The log knows
/// no feature: it takes any view (see <see cref="History"/> for who calls it).
/// </summary>
public sealed class ChangeLog(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>The log's columns, listed once; the log fills in the transaction id and the sequence itself.</summary>
    public static readonly CopyTable<Change> Rows = new("timeline.changes",
    [
        CopyColumn<Change>.Of("at", NpgsqlDbType.TimestampTz, c => c.At),
        CopyColumn<Change>.Of("kind", NpgsqlDbType.Varchar, c => c.Kind),
        CopyColumn<Change>.Of("entity", NpgsqlDbType.Varchar, c => c.Entity),
        CopyColumn<Change>.Of("entity_id", NpgsqlDbType.Varchar, c => c.EntityId),
        CopyColumn<Change>.Of("version", NpgsqlDbType.Integer, c => c.Version),
        CopyColumn<Change>.Of("data", NpgsqlDbType.Json, c => c.Data),
    ]);

    /// <summary>A change of an entity, carrying its view (what its <c>GET</c> answers right after).</summary>
    public Change For<TView>(string kind, string entity, string id, int version, DateTimeOffset at, TView view) => new()
    {
        At = at,
        Kind = kind,
        Entity = entity,
        EntityId = id,
        Version = version,
        Data = JsonSerializer.Serialize(view, json.Value.SerializerOptions),
    };

    /// <summary>As <see cref="For{TView}"/>, its view kept as it is, to be written as JSON straight into its COPY row (<see cref="ViewChanges"/>).</summary>
    public ViewChange<TView> ViewFor<TView>(string kind, string entity, string id, int version, DateTimeOffset at, TView view) =>
        new(at, kind, entity, id, version, view, json.Value.SerializerOptions);

    /// <summary>
    /// Appends many changes in the caller's transaction, in the order given: COPY inserts row by row, so the identity
    /// hands out sequences in that order, and every row carries the writing transaction's id.
    /// </summary>
    public static Task AppendAsync(NpgsqlConnection connection, IEnumerable<Change> changes, CancellationToken ct) =>
        Rows.WriteAsync(connection, changes, ct);
}

/// <summary>A change whose view is serialized only as its row is encoded: a check's ten thousand views need no string each.</summary>
public readonly record struct ViewChange<TView>(DateTimeOffset At, string Kind, string Entity, string EntityId, int Version, TView View, JsonSerializerOptions Options);

/// <summary>
/// The log's columns (<see cref="ChangeLog.Rows"/>) for changes encoded beforehand (<see cref="RawCopyTable{TRow}"/>), e.g. on
/// another thread while the connection writes other rows; <c>data</c> is the view's JSON, the same bytes as <see cref="ChangeLog.For{TView}"/> stores.
/// </summary>
public static class ViewChanges
{
    public static RawCopyTable<ViewChange<TView>> Rows<TView>() => Of<TView>.Rows;

    private static class Of<TView>
    {
        public static readonly RawCopyTable<ViewChange<TView>> Rows = new("timeline.changes",
        [
            new("at", (w, c) => w.TimestampTz(c.At)),
            new("kind", (w, c) => w.Text(c.Kind)),
            new("entity", (w, c) => w.Text(c.Entity)),
            new("entity_id", (w, c) => w.Text(c.EntityId)),
            new("version", (w, c) => w.Int4(c.Version)),
            new("data", (w, c) => w.Json(c.View, c.Options)),
        ]);
    }
}
