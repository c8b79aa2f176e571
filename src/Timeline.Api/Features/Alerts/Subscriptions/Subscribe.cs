using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Api.Platform.Pipeline;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public sealed record SubscriptionView(Guid Id, string Name, TimelineFilter? Filter, string? Timeline, string[] Kinds, string? WebhookUrl,
    bool Active, string? DisabledReason, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The answer to subscribing: the only time the webhook secret is shown.</summary>
public sealed record CreatedSubscription(Guid Id, string Name, TimelineFilter? Filter, string? Timeline, string[] Kinds, string? WebhookUrl,
    bool Active, DateTimeOffset CreatedAt, string CreatedBy, string? Secret) : IShowsSecretOnce
{
    public bool HasSecret => Secret is not null;

    /// <summary>What an idempotency row keeps: neither the secret nor the whole URL, which may be a credential too.</summary>
    public object WithoutSecret() => new
    {
        Id, Name, Filter, Timeline, Kinds, WebhookUrl = WebhookUrl is null ? null : WebhookUrls.Masked(WebhookUrl), Active, CreatedAt, CreatedBy,
        SecretWithheld = true,
    };
}

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

    /// <summary>The key subscribing; set by the endpoint.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid OwnerKeyId { get; init; }
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

public sealed class SubscribeHandler(TimelineDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    WebhookSecrets secrets, IOptions<AlertLimits> limits)
    : ICommandHandler<Subscribe, CreatedSubscription>
{
    public async ValueTask<CreatedSubscription> Handle(Subscribe command, CancellationToken cancellationToken)
    {
        await EnsureBelowLimitAsync(command.OwnerKeyId, cancellationToken);
        var now = clock.GetUtcNow();
        // A saved timeline cannot be changed, so its filter's keys are taken once, here, with its actors as they are now.
        var filter = command.Filter ?? JsonSerializer.Deserialize<TimelineFilter>(
            await db.Timelines.Where(t => t.Slug == command.Timeline).Select(t => t.Filter).SingleAsync(cancellationToken),
            json.Value.SerializerOptions)!;
        var secret = command.WebhookUrl is null ? null : WebhookSecrets.New();
        var subscription = new Subscription
        {
            Id = Guid.CreateVersion7(now),
            Name = command.Name!.Trim(),
            Filter = command.Filter is null ? null : JsonSerializer.Serialize(command.Filter, json.Value.SerializerOptions),
            TimelineSlug = command.Timeline,
            Kinds = command.Kinds is { Length: > 0 } kinds ? [.. kinds.Distinct()] : AlertKinds.Defaults,
            WebhookUrl = command.WebhookUrl,
            ProtectedWebhookSecret = secret is null ? null : secrets.Protect(secret),
            CreatedAt = now,
            CreatedBy = command.CreatedBy,
            OwnerKeyId = command.OwnerKeyId,
            MatchKeys = (await filter.ResolveAsync(db, cancellationToken)).IndexKeys(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedSubscription(subscription.Id, subscription.Name, command.Filter, subscription.TimelineSlug, subscription.Kinds,
            subscription.WebhookUrl, subscription.Active, now, subscription.CreatedBy, secret);
    }

    /// <summary>
    /// The key's subscriptions are counted with its key row locked, so that two subscribing at once cannot both pass
    /// the cap; only that key's subscribing waits, and only for the other's short transaction.
    /// </summary>
    private async Task EnsureBelowLimitAsync(Guid owner, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM timeline.api_keys WHERE id = {owner} FOR UPDATE", ct);
        var held = await db.Subscriptions.CountAsync(s => s.OwnerKeyId == owner, ct);
        var max = limits.Value.SubscriptionsPerKey;
        if (held >= max)
        {
            throw ProblemException.LimitReached(StatusCodes.Status409Conflict, AlertLimits.Subscriptions,
                $"this API key has {held} subscriptions, the most {AlertLimits.Subscriptions} allows ({max}); delete one first");
        }
    }
}
