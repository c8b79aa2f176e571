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
            await transaction.CommitAsync(cancellationToken);
            try
            {
                consistency.Written = await WalPositionAsync(cancellationToken);
            }
            catch (NpgsqlException)
            {
                // The write is committed: losing the token only means a read may not wait for it, not that it failed.
            }

            return response;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The insert position, on the connection that just committed: it is past the commit record even with
    /// synchronous_commit off, when the write position may not have reached it yet.
    /// </summary>
    private async Task<NpgsqlLogSequenceNumber> WalPositionAsync(CancellationToken ct)
    {
        await using var position = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", (NpgsqlConnection)db.Database.GetDbConnection());
        return (NpgsqlLogSequenceNumber)(await position.ExecuteScalarAsync(ct))!;
    }
}
