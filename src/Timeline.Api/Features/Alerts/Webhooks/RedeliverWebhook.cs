using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Api.Features.Alerts.Subscriptions;

namespace Timeline.Api.Features.Alerts.Webhooks;

public sealed record Redelivery(long AlertId, string MessageId, string DeliveryState, DateTimeOffset NextAttemptAt);

/// <summary>Sends a delivery's alert again: pending, due now, with the same <c>webhook-id</c>; one more attempt is made.</summary>
public sealed record RedeliverWebhook(Guid SubscriptionId, Guid DeliveryId, Owner Owner) : ICommand<Redelivery>;

public sealed class RedeliverWebhookHandler(TimelineDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<WebhookOptions> options) : ICommandHandler<RedeliverWebhook, Redelivery>
{
    public async ValueTask<Redelivery> Handle(RedeliverWebhook command, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().OwnedBy(command.Owner).Where(s => s.Id == command.SubscriptionId)
            .Select(s => new { s.Active, s.DisabledReason, s.WebhookUrl })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"subscription {command.SubscriptionId}");
        var alertId = await db.Deliveries.Where(d => d.Id == command.DeliveryId && d.SubscriptionId == command.SubscriptionId)
            .Select(d => (long?)d.AlertId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"delivery {command.DeliveryId} of subscription {command.SubscriptionId}");
        await EnsureBelowLimitAsync(alertId, cancellationToken);
        if (!subscription.Active || subscription.WebhookUrl is null)
        {
            throw ProblemException.Conflict($"the subscription is disabled ({subscription.DisabledReason ?? "no webhook"}); nothing can be delivered to it");
        }

        var now = clock.GetUtcNow();
        await db.Alerts.Where(a => a.Id == alertId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.DeliveryState, AlertDelivery.Pending)
            .SetProperty(a => a.NextAttemptAt, (DateTimeOffset?)now), cancellationToken);
        var messageId = await db.Alerts.Where(a => a.Id == alertId).Select(a => a.MessageId).SingleAsync(cancellationToken);
        return new Redelivery(alertId, messageId, AlertDelivery.Pending, now);
    }

    /// <summary>
    /// Each redelivery makes the server send a request where the subscriber says: unbounded, a subscriber could use the
    /// server as a reflector. An alert is attempted at most its retry schedule's attempts plus this many more; the row
    /// is locked so that redeliveries sent at once count one after the other.
    /// </summary>
    private async Task EnsureBelowLimitAsync(long alertId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<int>(
            $"""SELECT attempts AS "Value" FROM timeline.alerts WHERE id = {alertId} FOR UPDATE""").ToListAsync(ct);
        var attempts = rows.Single();
        var settings = options.Value;
        var most = settings.Schedule.Length + 1 + settings.MaxRedeliveries;
        if (attempts >= most)
        {
            throw ProblemException.LimitReached(StatusCodes.Status409Conflict, MaxRedeliveries,
                $"this alert has been attempted {attempts} times, its retries and the {settings.MaxRedeliveries} redeliveries " +
                $"{MaxRedeliveries} allows; it is not sent again");
        }
    }

    public const string MaxRedeliveries = "Timeline:Webhooks:MaxRedeliveries";
}
