using System.Globalization;
using FluentValidation;
using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Access;
using Timeline.Api.Http;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Api.Alerts;

/// <summary>One attempt to deliver an alert to a subscription's webhook.</summary>
public sealed record DeliveryView(Guid Id, long AlertId, string MessageId, string Kind, int Attempt, DateTimeOffset AttemptedAt,
    int? StatusCode, string? Error, int DurationMs, bool Succeeded);

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? NextCursor);

/// <summary>A subscription's delivery log: every attempt, newest first, keyset-paged.</summary>
public sealed record ListDeliveries(Guid SubscriptionId, int? Limit, string? Cursor) : IQuery<DeliveryPage>;

/// <summary>Where a page ended: the last attempt's time and id (ids break ties between attempts made at the same instant).</summary>
public sealed record DeliveryCursor(DateTimeOffset AttemptedAt, Guid Id)
{
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{AttemptedAt.UtcTicks}_{Id:N}");

    public static DeliveryCursor? Decode(string? text) =>
        text?.Split('_') is [var ticks, var id]
        && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
        && t >= DateTimeOffset.MinValue.UtcTicks && t <= DateTimeOffset.MaxValue.UtcTicks
        && Guid.TryParseExact(id, "N", out var g)
            ? new DeliveryCursor(new DateTimeOffset(t, TimeSpan.Zero), g)
            : null;
}

public sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveries>
{
    public ListDeliveriesValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 500);
        RuleFor(x => x.Cursor).Must(c => DeliveryCursor.Decode(c) is not null).When(x => x.Cursor is not null)
            .WithMessage("cursor is not a nextCursor of this listing");
    }
}

public sealed class ListDeliveriesHandler(TimelineDbContext db) : IQueryHandler<ListDeliveries, DeliveryPage>
{
    public async ValueTask<DeliveryPage> Handle(ListDeliveries query, CancellationToken cancellationToken)
    {
        if (!await db.Subscriptions.AnyAsync(s => s.Id == query.SubscriptionId, cancellationToken))
        {
            throw ProblemException.NotFound($"subscription {query.SubscriptionId}");
        }

        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == query.SubscriptionId);
        if (DeliveryCursor.Decode(query.Cursor) is { } c)
        {
            deliveries = deliveries.Where(d => EF.Functions.LessThan(ValueTuple.Create(d.AttemptedAt, d.Id), ValueTuple.Create(c.AttemptedAt, c.Id)));
        }

        var limit = query.Limit ?? 50;
        var rows = await deliveries.OrderByDescending(d => d.AttemptedAt).ThenByDescending(d => d.Id).Take(limit + 1)
            .Join(db.Alerts, d => d.AlertId, a => a.Id, (d, a) => new DeliveryView(d.Id, d.AlertId, a.MessageId, a.Kind, d.Attempt, d.AttemptedAt,
                d.StatusCode, d.Error, d.DurationMs, d.Succeeded))
            .ToListAsync(cancellationToken);
        rows = [.. rows.OrderByDescending(d => d.AttemptedAt).ThenByDescending(d => d.Id)];
        var items = rows.Take(limit).ToList();
        return new DeliveryPage(items, rows.Count > limit ? new DeliveryCursor(items[^1].AttemptedAt, items[^1].Id).Encode() : null);
    }
}

public sealed record Redelivery(long AlertId, string MessageId, string DeliveryState, DateTimeOffset NextAttemptAt);

/// <summary>Sends a delivery's alert again: pending, due now, with the same <c>webhook-id</c>; one more attempt is made.</summary>
public sealed record RedeliverWebhook(Guid SubscriptionId, Guid DeliveryId) : ICommand<Redelivery>;

public sealed class RedeliverWebhookHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<RedeliverWebhook, Redelivery>
{
    public async ValueTask<Redelivery> Handle(RedeliverWebhook command, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().Where(s => s.Id == command.SubscriptionId)
            .Select(s => new { s.Active, s.DisabledReason, s.WebhookUrl })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"subscription {command.SubscriptionId}");
        var alertId = await db.Deliveries.Where(d => d.Id == command.DeliveryId && d.SubscriptionId == command.SubscriptionId)
            .Select(d => (long?)d.AlertId)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"delivery {command.DeliveryId} of subscription {command.SubscriptionId}");
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
}

public static class DeliveryEndpoints
{
    public static void MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/api/subscriptions/{id:guid}/deliveries").WithTags("Subscriptions").RequireAuthorization(Policies.Editor);
        deliveries.MapGet("/", async (Guid id, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListDeliveries(id, limit, cursor), ct)))
            .WithSummary("A subscription's delivery log: every webhook attempt, newest first, cursor-paged");
        deliveries.MapPost("/{deliveryId:guid}/redelivery", async (Guid id, Guid deliveryId, IMediator mediator, IBackgroundJobClient jobs,
                CancellationToken ct) =>
            {
                var redelivery = await mediator.Send(new RedeliverWebhook(id, deliveryId), ct);
                // Committed: start a delivery now rather than at the recurring job's next turn.
                jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
                return TypedResults.Accepted($"/api/subscriptions/{id}/deliveries", redelivery);
            })
            .WithSummary("Send a delivery's alert again, with the same webhook-id");
    }
}
