using System.Globalization;
using Microsoft.EntityFrameworkCore;
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
        var tx = after.Transaction.ToString(CultureInfo.InvariantCulture);
        var rows = await db.Database.SqlQuery<HorizonRow>(
            $"""
             SELECT h.horizon::text AS horizon, c.sequence, c.tx::text AS tx, c.at, c.kind, c.entity, c.entity_id, c.version, c.data::text AS data
             FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon) h
             LEFT JOIN LATERAL (
                 SELECT * FROM timeline.changes c
                 WHERE (c.tx, c.sequence) > ({tx}::xid8, {after.Sequence}) AND c.tx < h.horizon
                   AND ({entities}::text[] IS NULL OR c.entity = ANY({entities}::text[]))
                 ORDER BY c.tx, c.sequence
                 LIMIT {limit}) c ON true
             """).ToListAsync(ct);
        var items = rows.Where(r => r.Sequence is not null)
            .Select(r => new ChangeRow(r.Sequence!.Value, r.Tx!, r.At!.Value, r.Kind!, r.Entity!, r.EntityId!, r.Version!.Value, r.Data!))
            .ToList();
        var horizon = new LogPosition(ulong.Parse(rows[0].Horizon, CultureInfo.InvariantCulture), 0);
        var next = items.Count == limit ? items[^1].Position : Max(after, horizon);
        return new ChangeLogPage(items, next);
    }

    private static LogPosition Max(LogPosition a, LogPosition b) => a >= b ? a : b;

    private sealed record HorizonRow(string Horizon, long? Sequence, string? Tx, DateTimeOffset? At, string? Kind, string? Entity,
        string? EntityId, int? Version, string? Data);
}
