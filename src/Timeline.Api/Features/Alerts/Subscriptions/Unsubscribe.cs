using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Access;
using Timeline.Api.Http;
using Timeline.Api.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Api.Alerts;

public sealed record Unsubscribe(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class UnsubscribeHandler(TimelineDbContext db) : ICommandHandler<Unsubscribe, Unit>
{
    public async ValueTask<Unit> Handle(Unsubscribe command, CancellationToken cancellationToken) =>
        await db.Subscriptions.OwnedBy(command.Owner).Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw ProblemException.NotFound($"subscription {command.Id}")
            : Unit.Value;
}
