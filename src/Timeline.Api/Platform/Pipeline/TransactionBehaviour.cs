using Timeline.Api.Platform.Replica;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Pipeline;

/// <summary>
/// Every command runs in one database transaction: the change, its revision, its idempotency record (and,
/// with alerts, its outbox rows) commit together or not at all. After the commit, the WAL position it reached is the
/// answer's consistency token (see <see cref="ReadConsistency"/>).
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(TimelineDbContext db, ReadConsistency consistency)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        // Opened here rather than by the transaction, which would close it at the commit: the token is read after it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var response = await next(message, cancellationToken);
            consistency.Written = await CommitAsync(cancellationToken);
            return response;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Commits, and reads the insert position on the connection that just committed, in one round trip: <c>COMMIT</c>
    /// and the <c>SELECT</c> go as one batch, and PostgreSQL commits as it executes <c>COMMIT</c>, before the
    /// <c>SELECT</c> runs. The position is past the commit record even with synchronous_commit off, when the write
    /// position may not have reached it yet. Npgsql sees the transaction end (the server says so), so the transaction
    /// object then has nothing left to roll back. A failed commit throws as <c>CommitAsync</c> would, and the
    /// <c>SELECT</c> is then not run.
    /// </summary>
    private async Task<NpgsqlLogSequenceNumber?> CommitAsync(CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
        {
            BatchCommands = { new NpgsqlBatchCommand("COMMIT"), new NpgsqlBatchCommand("SELECT pg_current_wal_insert_lsn()") },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        try
        {
            // The position is the SELECT's row, whether or not the reader starts on the COMMIT's empty result.
            do
            {
                if (reader.FieldCount == 1 && await reader.ReadAsync(ct))
                {
                    return reader.GetFieldValue<NpgsqlLogSequenceNumber>(0);
                }
            }
            while (await reader.NextResultAsync(ct));

            return null;
        }
        catch (NpgsqlException)
        {
            // The write is committed: losing the token only means a read may not wait for it, not that it failed.
            return null;
        }
    }
}
