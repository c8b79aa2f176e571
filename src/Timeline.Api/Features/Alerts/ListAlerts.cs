using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Api.Features.Alerts.Subscriptions;

namespace Timeline.Api.Features.Alerts;

public sealed record AlertView(long Id, Guid SubscriptionId, string Kind, Guid? EventId, Guid? FollowUpId, JsonElement Data,
    DateTimeOffset CreatedAt, string MessageId, string DeliveryState, int Attempts);

public sealed record AlertPage(IReadOnlyList<AlertView> Items, string? NextCursor);

/// <summary>Alerts, newest first, keyset-paged on their sequential id.</summary>
public sealed record ListAlerts(Guid? Subscription, string? Kind, int? Limit, string? Cursor, Owner Owner) : IQuery<AlertPage>;

public sealed class ListAlertsValidator : AbstractValidator<ListAlerts>
{
    public ListAlertsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 500);
        RuleFor(x => x.Cursor).Must(c => long.TryParse(c, out var id) && id > 0).When(x => x.Cursor is not null)
            .WithMessage("cursor is not a nextCursor of this listing");
        RuleFor(x => x.Kind).Must(k => AlertKinds.All.Contains(k)).When(x => x.Kind is not null)
            .WithMessage($"kind is one of {string.Join(", ", AlertKinds.All)}");
    }
}

public sealed class ListAlertsHandler(TimelineDbContext db) : IQueryHandler<ListAlerts, AlertPage>
{
    public async ValueTask<AlertPage> Handle(ListAlerts query, CancellationToken cancellationToken)
    {
        var alerts = db.Alerts.AsNoTracking().OwnedBy(db.Subscriptions, query.Owner);
        if (query.Subscription is { } subscription)
        {
            alerts = alerts.Where(a => a.SubscriptionId == subscription);
        }

        if (query.Kind is { } kind)
        {
            alerts = alerts.Where(a => a.Kind == kind);
        }

        if (query.Cursor is not null)
        {
            var before = long.Parse(query.Cursor, System.Globalization.CultureInfo.InvariantCulture);
            alerts = alerts.Where(a => a.Id < before);
        }

        var limit = query.Limit ?? 50;
        var rows = await alerts.OrderByDescending(a => a.Id).Take(limit + 1).Stored(db.Changes).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(a => new AlertView(a.Id, a.SubscriptionId, a.Kind, a.EventId, a.FollowUpId,
            JsonDocument.Parse(a.Data).RootElement, a.CreatedAt, a.MessageId, a.DeliveryState, a.Attempts)).ToList();
        return new AlertPage(items, rows.Count > limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}

public static class AlertEndpoints
{
    public static void MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", async (Guid? subscription, string? kind, int? limit, string? cursor, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListAlerts(subscription, kind, limit, cursor, http.User.Owner()), ct)))
            .WithTags("Alerts").WithSummary("The alerts of the caller's subscriptions (an admin's: all), newest first, cursor-paged");
    }
}
