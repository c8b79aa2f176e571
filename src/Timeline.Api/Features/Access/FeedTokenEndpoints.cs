using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary>The <c>Timeline:Limits</c> cap on the feed tokens one key holds.</summary>
public sealed class FeedTokenLimits
{
    public const string Setting = "Timeline:Limits:FeedTokensPerKey";

    /// <summary>Active feed tokens one key may have; a 409 past it, until it revokes one.</summary>
    public int FeedTokensPerKey { get; set; } = 20;
}

/// <summary>A feed token as listed: never the token nor its hash. <see cref="KeyName"/> is the key that minted it.</summary>
public sealed record FeedTokenView(Guid Id, string Name, string? Scope, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string KeyName);

/// <summary>The answer to minting a feed token: the only time the token is shown.</summary>
public sealed record CreatedFeedToken(Guid Id, string Name, string? Scope, string Token, string Prefix, DateTimeOffset CreatedAt) : IShowsSecretOnce
{
    public object WithoutSecret() => new { Id, Name, Scope, Prefix, CreatedAt, SecretWithheld = true };
}

/// <summary>What a feed token opens: <c>calendar</c>, or <c>timeline:&lt;slug&gt;</c>; without one, every feed and the calendar.</summary>
public static class FeedTokenScope
{
    public const string Calendar = "calendar";
    public const string TimelinePrefix = "timeline:";

    /// <summary>Whether a token of this scope opens the feed endpoint asked for (a saved timeline's when it has a slug, else the calendar).</summary>
    public static bool Opens(string? scope, string? timelineSlug) =>
        scope is null || (timelineSlug is null ? scope == Calendar : scope == TimelinePrefix + timelineSlug);
}

public sealed record MintFeedToken : ICommand<CreatedFeedToken>
{
    /// <summary>What the token is for ("my feed reader"), to tell it apart when revoking.</summary>
    public string? Name { get; init; }

    /// <summary><c>calendar</c> or <c>timeline:&lt;slug&gt;</c>: the one thing it opens; absent, every feed and the calendar.</summary>
    public string? Scope { get; init; }

    /// <summary>The key minting it; set by the endpoint.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid OwnerKeyId { get; init; }
}

public sealed class MintFeedTokenValidator : AbstractValidator<MintFeedToken>
{
    public MintFeedTokenValidator(TimelineDbContext db)
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100)
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("'name' may hold no control characters");
        RuleFor(x => x.Scope).Must(s => s == FeedTokenScope.Calendar || s!.StartsWith(FeedTokenScope.TimelinePrefix, StringComparison.Ordinal))
            .When(x => x.Scope is not null)
            .WithMessage("scope is 'calendar' or 'timeline:<slug>' (a saved timeline); leave it out for every feed and the calendar")
            .DependentRules(() => RuleFor(x => x.Scope)
                .MustAsync((scope, ct) =>
                {
                    var slug = scope![FeedTokenScope.TimelinePrefix.Length..];
                    return db.Timelines.AnyAsync(t => t.Slug == slug, ct);
                })
                .When(x => x.Scope is not null && x.Scope.StartsWith(FeedTokenScope.TimelinePrefix, StringComparison.Ordinal) && x.Scope.Length <= 120)
                .WithMessage("no saved timeline '{PropertyValue}'"));
    }
}

public sealed class MintFeedTokenHandler(TimelineDbContext db, TimeProvider clock, IOptions<FeedTokenLimits> limits)
    : ICommandHandler<MintFeedToken, CreatedFeedToken>
{
    public async ValueTask<CreatedFeedToken> Handle(MintFeedToken command, CancellationToken cancellationToken)
    {
        // Counted with the key's row locked, so that two minting at once cannot both pass the cap.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM timeline.api_keys WHERE id = {command.OwnerKeyId} FOR UPDATE", cancellationToken);
        var held = await db.FeedTokens.CountAsync(t => t.KeyId == command.OwnerKeyId && t.RevokedAt == null, cancellationToken);
        var max = limits.Value.FeedTokensPerKey;
        if (held >= max)
        {
            throw ProblemException.LimitReached(StatusCodes.Status409Conflict, FeedTokenLimits.Setting,
                $"this API key has {held} feed tokens, the most {FeedTokenLimits.Setting} allows ({max}); revoke one first");
        }

        var secret = ApiKeyAuthentication.NewSecret(FeedTokenAuthentication.Prefix);
        var now = clock.GetUtcNow();
        var token = new FeedToken
        {
            Id = Guid.CreateVersion7(now),
            KeyId = command.OwnerKeyId,
            Name = command.Name!,
            TokenHash = ApiKeyAuthentication.HashOf(secret),
            Prefix = secret[..8],
            CreatedAt = now,
            Scope = command.Scope,
        };
        db.FeedTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedFeedToken(token.Id, token.Name, token.Scope, secret, token.Prefix, now);
    }
}

/// <summary>The caller's active feed tokens; an admin's: everyone's.</summary>
public sealed record ListFeedTokens(Owner Owner) : IQuery<IReadOnlyList<FeedTokenView>>;

public sealed class ListFeedTokensHandler(TimelineDbContext db) : IQueryHandler<ListFeedTokens, IReadOnlyList<FeedTokenView>>
{
    public async ValueTask<IReadOnlyList<FeedTokenView>> Handle(ListFeedTokens query, CancellationToken cancellationToken) =>
        await (from t in db.FeedTokens.AsNoTracking().OwnedBy(query.Owner)
               join k in db.ApiKeys on t.KeyId equals k.Id
               where t.RevokedAt == null && k.RevokedAt == null
               orderby t.CreatedAt, t.Id
               select new FeedTokenView(t.Id, t.Name, t.Scope, t.Prefix, t.CreatedAt, t.LastUsedAt, k.Name))
            .ToListAsync(cancellationToken);
}

/// <summary>
/// Revokes a feed token, and tells every instance so when it commits, on the channel key revocations use: they
/// forget it from their caches. Another key's token is not there at all for a non-admin (404).
/// </summary>
public sealed record RevokeFeedToken(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class RevokeFeedTokenHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<RevokeFeedToken, Unit>
{
    public async ValueTask<Unit> Handle(RevokeFeedToken command, CancellationToken cancellationToken)
    {
        var revoked = await db.FeedTokens.OwnedBy(command.Owner)
            .Where(t => t.Id == command.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            throw ProblemException.NotFound($"feed token {command.Id}");
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevokeKey.Channel}, {command.Id.ToString()})", cancellationToken);
        return Unit.Value;
    }
}

public static class FeedTokenEndpoints
{
    public static IQueryable<FeedToken> OwnedBy(this IQueryable<FeedToken> tokens, Owner owner) =>
        owner.Admin ? tokens : tokens.Where(t => t.KeyId == owner.KeyId);

    public static void MapFeedTokenEndpoints(this IEndpointRouteBuilder app)
    {
        // Any key may mint: a reader is who subscribes to feeds.
        var tokens = app.MapGroup("/api/feed-tokens").WithTags("Feed tokens").RequireAuthorization(Policies.Reader);
        tokens.MapPost("/", async (MintFeedToken command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { OwnerKeyId = http.User.Owner().KeyId }, ct);
            return TypedResults.Created((string?)null, created);
        }).Answers(StatusCodes.Status409Conflict,
              $"the key holds as many feed tokens as {FeedTokenLimits.Setting} allows (the problem's limit names it), " +
              "or this Idempotency-Key already minted a token (which is not shown again)")
          .WithSummary("Mint a feed token, for ?token= on one saved timeline's Atom feed (scope timeline:<slug>), the follow-ups " +
              "calendar (scope calendar), or, without a scope, every feed and the calendar; the token is shown once");
        tokens.MapGet("/", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFeedTokens(http.User.Owner()), ct)))
            .WithSummary("List the caller's active feed tokens (an admin's: everyone's), never the tokens themselves");
        tokens.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, KnownKeys known, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeFeedToken(id, http.User.Owner()), ct);
            // Committed: forgotten here at once; other instances forget it when the notification comes.
            known.Forget(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke a feed token: it stops working at once");
    }
}
