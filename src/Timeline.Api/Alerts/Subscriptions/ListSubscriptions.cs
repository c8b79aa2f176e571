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

public sealed record ListSubscriptions : IQuery<IReadOnlyList<SubscriptionView>>;

public sealed class ListSubscriptionsHandler(TimelineDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IQueryHandler<ListSubscriptions, IReadOnlyList<SubscriptionView>>
{
    public async ValueTask<IReadOnlyList<SubscriptionView>> Handle(ListSubscriptions query, CancellationToken cancellationToken)
    {
        var rows = await db.Subscriptions.AsNoTracking().OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Name, s.Filter, s.TimelineSlug, s.Kinds, s.WebhookUrl, s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new SubscriptionView(s.Id, s.Name,
            s.Filter is null ? null : JsonSerializer.Deserialize<TimelineFilter>(s.Filter, json.Value.SerializerOptions),
            s.TimelineSlug, s.Kinds, s.WebhookUrl, s.Active, s.DisabledReason, s.CreatedAt, s.CreatedBy))];
    }
}
