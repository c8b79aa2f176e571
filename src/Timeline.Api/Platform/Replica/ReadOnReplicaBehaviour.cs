using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Replica;

/// <summary>A query that must read the primary: what it reads must agree with something that only the primary has.</summary>
public interface IReadsPrimary;

/// <summary>
/// Routes every query (<see cref="IBaseQuery"/>) to the streaming replica when one is configured; commands never
/// pass here, so they always write to the primary.
/// </summary>
public sealed class ReadOnReplicaBehaviour<TMessage, TResponse>(TimelineDbContext db, ReplicaReads replica,
    NpgsqlDataSource primary, ReadConsistency consistency, ILogger<ReadOnReplicaBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseQuery
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // A download reads all its pages in one snapshot, on the server its first page chose.
        if (Features.Exports.DownloadSnapshot.Holds(db))
        {
            return await next(message, cancellationToken);
        }

        // The primary when there is no replica, when the query asks for it, and when the context is already in use on
        // the primary (a query inside a command's transaction must see that transaction's writes).
        if (!replica.Configured || message is IReadsPrimary || db.Database.CurrentTransaction is not null
            || db.Database.GetDbConnection().State != System.Data.ConnectionState.Closed
            || (consistency.After is not null && consistency.ReplicaReached == false))
        {
            consistency.Read(fromReplica: false);
            return await next(message, cancellationToken);
        }

        // A replica connection that has replayed past the caller's token, or none (too far behind, or away).
        // Replay only moves forward: once the replica has reached the token, later queries of the request need not ask.
        await using var connection = await replica.OpenAsync(consistency.ReplicaReached == true ? null : consistency.After, cancellationToken);
        if (consistency.After is not null)
        {
            consistency.ReplicaReached = connection is not null;
        }

        if (connection is null)
        {
            consistency.Read(fromReplica: false);
            return await next(message, cancellationToken);
        }

        // The handler's own scoped context reads through the replica connection for this query only. Setting the
        // connection lets go of the context's primary one, so a new primary connection (not yet open) is given back
        // afterwards: the context is pooled, and whatever uses it next must write to the primary.
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        var onReplica = true;
        // Said before the handler runs: a 404 from the replica was read there too.
        consistency.Read(fromReplica: true);
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex) when (ReplicaReads.Failed(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The replica went away mid-query, or replay cancelled it (a recovery conflict): a query writes nothing,
            // so it is asked again of the primary.
            logger.LogDebug(ex, "{Query} failed on the replica; asking the primary", typeof(TMessage).Name);
            if (ex is not PostgresException { SqlState: PostgresErrorCodes.SerializationFailure })
            {
                replica.Away(ex);
            }

            BackToPrimary();
            onReplica = false;
            consistency.Read(fromReplica: false);
            return await next(message, cancellationToken);
        }
        finally
        {
            if (onReplica)
            {
                BackToPrimary();
            }
        }
    }

    private void BackToPrimary()
    {
        db.Database.CloseConnection();
        db.Database.SetDbConnection(primary.CreateConnection(), contextOwnsConnection: true);
    }
}
