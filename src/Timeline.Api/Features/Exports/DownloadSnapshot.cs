using Timeline.Api.Platform.Replica;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// One snapshot for a whole download: its pages are read in one read-only REPEATABLE READ transaction on one server (the
/// replica when it can serve the caller, else the primary), so a page read later shows the data as the first did: an
/// event recorded meanwhile is in none of them, not in the later pages only. Read-only, it holds no transaction id, so
/// it never holds back the change log's horizon.
/// </summary>
public sealed class DownloadSnapshot : IAsyncDisposable
{
    // The contexts reading in a snapshot now: the replica routing leaves them where they are.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TimelineDbContext, DownloadSnapshot> Open = [];

    private readonly TimelineDbContext db;
    private readonly NpgsqlDataSource primary;
    private readonly bool onReplica;
    private int disposed;

    private DownloadSnapshot(TimelineDbContext db, NpgsqlDataSource primary, bool onReplica)
    {
        this.db = db;
        this.primary = primary;
        this.onReplica = onReplica;
    }

    public static async Task<DownloadSnapshot> BeginAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<TimelineDbContext>();
        var replica = services.GetRequiredService<Platform.Replica.ReplicaReads>();
        var consistency = services.GetRequiredService<ReadConsistency>();
        var connection = replica.Configured ? await replica.OpenAsync(consistency.After, ct) : null;
        if (connection is not null)
        {
            db.Database.SetDbConnection(connection, contextOwnsConnection: true);
        }

        consistency.Read(fromReplica: connection is not null);
        var snapshot = new DownloadSnapshot(db, services.GetRequiredService<NpgsqlDataSource>(), connection is not null);
        try
        {
            await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
            Open.AddOrUpdate(db, snapshot);
            return snapshot;
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether <paramref name="db"/> reads in a download's snapshot (its queries stay on that snapshot's server).</summary>
    public static bool Holds(TimelineDbContext db) => Open.TryGetValue(db, out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Open.Remove(db);
        if (db.Database.CurrentTransaction is { } transaction)
        {
            // Nothing was written: ending it either way lets go of the snapshot.
            await transaction.DisposeAsync();
        }

        await db.Database.CloseConnectionAsync();
        if (onReplica)
        {
            // The context is pooled: whatever uses it next must write to the primary.
            db.Database.SetDbConnection(primary.CreateConnection(), contextOwnsConnection: true);
        }
    }
}
