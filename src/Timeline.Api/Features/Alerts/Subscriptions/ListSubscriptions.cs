using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public sealed record ListSubscriptions(Owner Owner) : IQuery<IReadOnlyList<SubscriptionView>>;

public sealed class ListSubscriptionsHandler(TimelineDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IQueryHandler<ListSubscriptions, IReadOnlyList<SubscriptionView>>
{
    public async ValueTask<IReadOnlyList<SubscriptionView>> Handle(ListSubscriptions query, CancellationToken cancellationToken)
    {
        var rows = await db.Subscriptions.AsNoTracking().OwnedBy(query.Owner).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Name, s.Filter, s.TimelineSlug, s.Kinds, s.WebhookUrl, s.OwnerKeyId, s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new SubscriptionView(s.Id, s.Name,
            s.Filter is null ? null : JsonSerializer.Deserialize<TimelineFilter>(s.Filter, json.Value.SerializerOptions),
            s.TimelineSlug, s.Kinds, WebhookUrls.AsSeenBy(s.WebhookUrl, s.OwnerKeyId, query.Owner), s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy))];
    }
}

/// <summary>One subscription of the caller's (or any, for an admin).</summary>
public sealed record GetSubscription(Guid Id, Owner Owner) : IQuery<SubscriptionView>;

public sealed class GetSubscriptionHandler(TimelineDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IQueryHandler<GetSubscription, SubscriptionView>
{
    public async ValueTask<SubscriptionView> Handle(GetSubscription query, CancellationToken cancellationToken)
    {
        var s = await db.Subscriptions.AsNoTracking().OwnedBy(query.Owner).Where(s => s.Id == query.Id)
            .Select(s => new { s.Id, s.Name, s.Filter, s.TimelineSlug, s.Kinds, s.WebhookUrl, s.OwnerKeyId, s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound($"subscription {query.Id}");
        return new SubscriptionView(s.Id, s.Name,
            s.Filter is null ? null : JsonSerializer.Deserialize<TimelineFilter>(s.Filter, json.Value.SerializerOptions),
            s.TimelineSlug, s.Kinds, WebhookUrls.AsSeenBy(s.WebhookUrl, s.OwnerKeyId, query.Owner), s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy);
    }
}
