using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public sealed record Unsubscribe(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class UnsubscribeHandler(TimelineDbContext db) : ICommandHandler<Unsubscribe, Unit>
{
    public async ValueTask<Unit> Handle(Unsubscribe command, CancellationToken cancellationToken) =>
        await db.Subscriptions.OwnedBy(command.Owner).Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw ProblemException.NotFound($"subscription {command.Id}")
            : Unit.Value;
}
