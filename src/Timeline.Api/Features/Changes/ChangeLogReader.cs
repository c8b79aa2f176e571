using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// A position in the change log: the writing transaction's id and the change's sequence within the log. The log is
/// read in this order, and only below the oldest transaction still running (docs/CHANGE-LOG.md).
/// </summary>
public readonly record struct LogPosition(ulong Transaction, long Sequence) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{Transaction}-{Sequence}");

    public static LogPosition? Decode(string? text) =>
        text?.Split('-') is [var tx, var sequence]
        && ulong.TryParse(tx, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
        && long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? new LogPosition(t, s)
            : null;

    public int CompareTo(LogPosition other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Sequence.CompareTo(other.Sequence);

    public override string ToString() => Encode();

    public static bool operator <(LogPosition left, LogPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(LogPosition left, LogPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(LogPosition left, LogPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(LogPosition left, LogPosition right) => left.CompareTo(right) >= 0;
}

/// <summary>One change as read from the log.</summary>
public sealed record ChangeRow(long Sequence, string Tx, DateTimeOffset At, string Kind, string Entity, string EntityId, int Version, string Data)
{
    public LogPosition Position => new(ulong.Parse(Tx, CultureInfo.InvariantCulture), Sequence);
}

/// <summary>A page of the log and where the next one starts.</summary>
public sealed record ChangeLogPage(IReadOnlyList<ChangeRow> Items, LogPosition Next);

public static class ChangeLogReader
{
    /// <summary>
    /// The changes after a position, in log order, of the given entities (all when null), at most <paramref name="limit"/>.
    /// Only changes of transactions below the horizon (<c>pg_snapshot_xmin</c>: every transaction before it has ended)
    /// are read, so none can commit later before what is returned. A short page has read everything below the horizon,
    /// and the next page starts there.
    /// </summary>
    public static async Task<ChangeLogPage> ReadAsync(TimelineDbContext db, LogPosition after, int limit, string[]? entities, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<HorizonRow>(PageSql, Parameters(after, limit, entities)).ToListAsync(ct);
        var items = rows.Where(r => r.Sequence is not null)
            .Select(r => new ChangeRow(r.Sequence!.Value, r.Tx!, r.At!.Value, r.Kind!, r.Entity!, r.EntityId!, r.Version!.Value, r.Data!))
            .ToList();
        var horizon = new LogPosition(ulong.Parse(rows[0].Horizon, CultureInfo.InvariantCulture), 0);
        return new ChangeLogPage(items, NextAfter(after, limit, items.Count, items.Count > 0 ? items[^1].Position : null, horizon));
    }

    /// <summary>
    /// The same page as <see cref="ReadAsync"/>, as a command on the context's connection for a reader that takes the
    /// rows as they come: columns horizon, sequence, tx, at, kind, entity, entity_id, version, data (the stored JSON,
    /// read as UTF-8 bytes); a page with no change is one row of the horizon alone.
    /// </summary>
    public static async Task<NpgsqlCommand> PageCommandAsync(TimelineDbContext db, LogPosition after, int limit, string[]? entities, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = ((NpgsqlConnection)db.Database.GetDbConnection()).CreateCommand();
        command.CommandText = PageSql;
        command.Parameters.AddRange(Parameters(after, limit, entities));
        return command;
    }

    /// <summary>Where the page after this one starts: after its last change when it was full, else at the horizon.</summary>
    public static LogPosition NextAfter(LogPosition after, int limit, int count, LogPosition? last, LogPosition horizon) =>
        count == limit && last is { } end ? end : Max(after, horizon);

    private const string PageSql = """
        SELECT h.horizon::text AS horizon, c.sequence, c.tx::text AS tx, c.at, c.kind, c.entity, c.entity_id, c.version, c.data
        FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h
        LEFT JOIN LATERAL (
            SELECT * FROM timeline.changes c
            WHERE (c.tx, c.sequence) > (@after_tx::xid8, @after_sequence) AND c.tx < h.horizon
              AND (@entities::text[] IS NULL OR c.entity = ANY(@entities::text[]))
            ORDER BY c.tx, c.sequence
            LIMIT @limit) c ON true
        """;

    private static NpgsqlParameter[] Parameters(LogPosition after, int limit, string[]? entities) =>
    [
        new("after_tx", after.Transaction.ToString(CultureInfo.InvariantCulture)),
        new("after_sequence", after.Sequence),
        new("entities", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)entities ?? DBNull.Value },
        new("limit", limit),
    ];

    private static LogPosition Max(LogPosition a, LogPosition b) => a >= b ? a : b;

    private sealed record HorizonRow(string Horizon, long? Sequence, string? Tx, DateTimeOffset? At, string? Kind, string? Entity,
        string? EntityId, int? Version, string? Data);
}
