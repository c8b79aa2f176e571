using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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

/// <summary>The answer to minting a feed token: the only time the token is shown.</summary>
public sealed record CreatedFeedToken(Guid Id, string Name, string? Scope, string Token, string Prefix, DateTimeOffset CreatedAt) : IShowsSecretOnce
{
    public object WithoutSecret() => new { Id, Name, Scope, Prefix, CreatedAt, SecretWithheld = true };
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
