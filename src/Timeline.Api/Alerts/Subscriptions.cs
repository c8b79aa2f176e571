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

public sealed record SubscriptionView(Guid Id, string Name, TimelineFilter? Filter, string? Timeline, string[] Kinds, string? WebhookUrl,
    bool Active, string? DisabledReason, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The answer to subscribing: the only time the webhook secret is shown.</summary>
public sealed record CreatedSubscription(Guid Id, string Name, TimelineFilter? Filter, string? Timeline, string[] Kinds, string? WebhookUrl,
    bool Active, DateTimeOffset CreatedAt, string CreatedBy, string? Secret);

public sealed record Subscribe : ICommand<CreatedSubscription>
{
    public string? Name { get; init; }
    public TimelineFilter? Filter { get; init; }

    /// <summary>A saved timeline's slug, instead of a filter.</summary>
    public string? Timeline { get; init; }

    /// <summary>Alert kinds wanted; all when absent.</summary>
    public string[]? Kinds { get; init; }
    public string? WebhookUrl { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string CreatedBy { get; init; } = "";
}

public sealed class SubscribeValidator : AbstractValidator<Subscribe>
{
    public SubscribeValidator(TimelineDbContext db, WebhookAddressGuard guard)
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x).Must(x => (x.Filter is null) != (x.Timeline is null)).OverridePropertyName("filter")
            .WithMessage("give either a filter or a timeline (a saved timeline's slug), not both");
        RuleFor(x => x.Filter!).SetValidator(new TimelineFilterValidator()).When(x => x.Filter is not null);
        RuleFor(x => x.Timeline).MustAsync((slug, ct) => db.Timelines.AnyAsync(t => t.Slug == slug, ct)).When(x => x.Timeline is not null)
            .WithMessage("no saved timeline '{PropertyValue}'");
        RuleForEach(x => x.Kinds).Must(k => AlertKinds.All.Contains(k)).WithMessage($"kinds are {string.Join(", ", AlertKinds.All)}");
        RuleFor(x => x.WebhookUrl).MaximumLength(2_000).CustomAsync(async (url, context, ct) =>
        {
            if (url is not null && await guard.CheckAsync(url, ct) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
    }
}

public sealed class SubscribeHandler(TimelineDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : ICommandHandler<Subscribe, CreatedSubscription>
{
    public async ValueTask<CreatedSubscription> Handle(Subscribe command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A saved timeline cannot be changed, so its filter's keys are taken once, here.
        var filter = command.Filter ?? JsonSerializer.Deserialize<TimelineFilter>(
            await db.Timelines.Where(t => t.Slug == command.Timeline).Select(t => t.Filter).SingleAsync(cancellationToken),
            json.Value.SerializerOptions)!;
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name!.Trim(),
            Filter = command.Filter is null ? null : JsonSerializer.Serialize(command.Filter, json.Value.SerializerOptions),
            TimelineSlug = command.Timeline,
            Kinds = command.Kinds is { Length: > 0 } kinds ? [.. kinds.Distinct()] : AlertKinds.All,
            WebhookUrl = command.WebhookUrl,
            WebhookSecret = command.WebhookUrl is null ? null : "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now,
            CreatedBy = command.CreatedBy,
            MatchKeys = filter.IndexKeys(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedSubscription(subscription.Id, subscription.Name, command.Filter, subscription.TimelineSlug, subscription.Kinds,
            subscription.WebhookUrl, subscription.Active, now, subscription.CreatedBy, subscription.WebhookSecret);
    }
}

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

public sealed record Unsubscribe(Guid Id) : ICommand<Unit>;

public sealed class UnsubscribeHandler(TimelineDbContext db) : ICommandHandler<Unsubscribe, Unit>
{
    public async ValueTask<Unit> Handle(Unsubscribe command, CancellationToken cancellationToken) =>
        await db.Subscriptions.Where(s => s.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw ProblemException.NotFound($"subscription {command.Id}")
            : Unit.Value;
}

public sealed record AlertView(long Id, Guid SubscriptionId, string Kind, Guid? EventId, Guid? FollowUpId, JsonElement Data,
    DateTimeOffset CreatedAt, string MessageId, string DeliveryState, int Attempts);

public sealed record AlertPage(IReadOnlyList<AlertView> Items, string? NextCursor);

/// <summary>Alerts, newest first, keyset-paged on their sequential id.</summary>
public sealed record ListAlerts(Guid? Subscription, string? Kind, int? Limit, string? Cursor) : IQuery<AlertPage>;

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
        var alerts = db.Alerts.AsNoTracking();
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
        var rows = await alerts.OrderByDescending(a => a.Id).Take(limit + 1)
            .Select(a => new { a.Id, a.SubscriptionId, a.Kind, a.EventId, a.FollowUpId, a.Data, a.CreatedAt, a.MessageId, a.DeliveryState, a.Attempts })
            .ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(a => new AlertView(a.Id, a.SubscriptionId, a.Kind, a.EventId, a.FollowUpId,
            JsonDocument.Parse(a.Data).RootElement, a.CreatedAt, a.MessageId, a.DeliveryState, a.Attempts)).ToList();
        return new AlertPage(items, rows.Count > limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}

public static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").RequireAuthorization(Policies.Editor);
        subscriptions.MapPost("/", async (Subscribe command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { CreatedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/subscriptions/{created.Id}", created);
        }).WithSummary("Subscribe to alerts; a webhook's secret is shown once, in this answer");
        subscriptions.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListSubscriptions(), ct)))
            .WithSummary("List subscriptions (never their secrets)");
        subscriptions.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new Unsubscribe(id), ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a subscription");
        app.MapDeliveryEndpoints();

        app.MapGet("/api/alerts", async (Guid? subscription, string? kind, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListAlerts(subscription, kind, limit, cursor), ct)))
            .WithTags("Alerts").WithSummary("Alerts, newest first, cursor-paged");
    }
}
