using Timeline.Api.Platform.Idempotency;
using Timeline.Api.Platform.Replica;
using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

using Timeline.Api.Features.Alerts;
using Timeline.Api.Features.Alerts.Matching;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Features.Alerts.Subscriptions;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public sealed record Unsubscribe(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class UnsubscribeHandler(TimelineDbContext db) : ICommandHandler<Unsubscribe, Unit>
{
    public async ValueTask<Unit> Handle(Unsubscribe command, CancellationToken cancellationToken) =>
        await db.Subscriptions.OwnedBy(command.Owner).Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw ProblemException.NotFound($"subscription {command.Id}")
            : Unit.Value;
}
