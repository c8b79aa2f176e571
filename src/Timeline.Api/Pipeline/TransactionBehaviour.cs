using Mediator;
using Timeline.Core.Data;

namespace Timeline.Api.Pipeline;

/// <summary>
/// Every command runs in one database transaction: the change, its revision, its idempotency record (and,
/// with alerts, its outbox rows) commit together or not at all.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(TimelineDbContext db)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next(message, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }
}
