using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Api.Features.Alerts.Subscriptions;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>One attempt to deliver an alert to a subscription's webhook.</summary>
public sealed record DeliveryView(Guid Id, long AlertId, string MessageId, string Kind, int Attempt, DateTimeOffset AttemptedAt,
    int? StatusCode, string? Error, int DurationMs, bool Succeeded);

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? NextCursor);

/// <summary>A subscription's delivery log: every attempt, newest first, keyset-paged.</summary>
public sealed record ListDeliveries(Guid SubscriptionId, int? Limit, string? Cursor, Owner Owner) : IQuery<DeliveryPage>;

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
        if (!await db.Subscriptions.OwnedBy(query.Owner).AnyAsync(s => s.Id == query.SubscriptionId, cancellationToken))
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
