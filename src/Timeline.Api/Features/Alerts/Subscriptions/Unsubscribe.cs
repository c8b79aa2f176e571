using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Alerts.Matching;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public sealed record Unsubscribe(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class UnsubscribeHandler(TimelineDbContext db, AuditLog audit, TimeProvider clock) : ICommandHandler<Unsubscribe, Unit>
{
    public async ValueTask<Unit> Handle(Unsubscribe command, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().OwnedBy(command.Owner).Where(s => s.Id == command.Id)
            .Select(s => new { s.Name, s.OwnerKeyId, s.CreatedBy }).SingleOrDefaultAsync(cancellationToken);
        if (subscription is null)
        {
            throw ProblemException.NotFound($"subscription {command.Id}");
        }

        // Its alerts go with it (no foreign key cascades them): after any page being matched has committed its alerts, and
        // before the next page can find the subscription again.
        await AlertWriteLock.ForDeletingAsync(db, clock, cancellationToken);
        if (await db.Subscriptions.Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw ProblemException.NotFound($"subscription {command.Id}");
        }

        await db.Alerts.Where(a => a.SubscriptionId == command.Id).ExecuteDeleteAsync(cancellationToken);

        // An admin removing someone else's subscription is on the record; an owner removing their own is their business.
        if (subscription.OwnerKeyId != command.Owner.KeyId)
        {
            await audit.WriteAsync(AuditActions.SubscriptionRemoved, "subscription", command.Id.ToString(),
                $"'{subscription.Name}', {subscription.CreatedBy}'s", cancellationToken);
        }

        return Unit.Value;
    }
}
