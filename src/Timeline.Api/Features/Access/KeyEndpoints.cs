using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Access;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Access;

/// <summary>The key a request came with, as <c>GET /api/me</c> tells it.</summary>
public sealed record Caller(Guid Id, string Name, string Role);

public sealed record KeyView(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt)
{
    /// <summary>What a key's metadata shows: never its secret nor its hash.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ApiKey, KeyView>> Of =
        k => new KeyView(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt);
}

/// <summary>The answer to creating a key: the only time the secret is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, string Role, string Key) : IShowsSecretOnce
{
    public object WithoutSecret() => new { Id, Name, Role, SecretWithheld = true };
}

public sealed record CreateKey(string? Name, string? Role) : ICommand<CreatedKey>;

public sealed class CreateKeyValidator : AbstractValidator<CreateKey>
{
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("'name' may hold letters, digits, '.', '_' and '-'");
        RuleFor(x => x.Role).NotEmpty().Must(r => Roles.All.Contains(r))
            .WithMessage($"'role' must be one of {string.Join(", ", Roles.All)}");
    }
}

public sealed class CreateKeyHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<CreateKey, CreatedKey>
{
    public async ValueTask<CreatedKey> Handle(CreateKey command, CancellationToken cancellationToken)
    {
        var secret = ApiKeyAuthentication.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = command.Name!,
            Role = command.Role!,
            KeyHash = ApiKeyAuthentication.HashOf(secret),
            Prefix = secret[..7],
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveNewAsync($"a key named '{command.Name}' already exists", cancellationToken);

        return new CreatedKey(key.Id, key.Name, key.Role, secret);
    }
}

public sealed record ListKeys : IQuery<IReadOnlyList<KeyView>>;

public sealed class ListKeysHandler(TimelineDbContext db) : IQueryHandler<ListKeys, IReadOnlyList<KeyView>>
{
    public async ValueTask<IReadOnlyList<KeyView>> Handle(ListKeys query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null)
            .OrderBy(k => k.CreatedAt)
            .Select(KeyView.Of)
            .ToListAsync(cancellationToken);
}

/// <summary>One active key, as the list shows it; a revoked key is gone, as from the list.</summary>
public sealed record GetKey(Guid Id) : IQuery<KeyView>;

public sealed class GetKeyHandler(TimelineDbContext db) : IQueryHandler<GetKey, KeyView>
{
    public async ValueTask<KeyView> Handle(GetKey query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == query.Id && k.RevokedAt == null)
            .Select(KeyView.Of)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound($"key {query.Id}");
}

/// <summary>
/// Revokes a key, and tells every instance so when it commits (<c>NOTIFY</c> on <see cref="Channel"/>): they forget it
/// from their caches and end its open alert streams.
/// </summary>
public sealed record RevokeKey(Guid Id) : ICommand<Unit>
{
    public const string Channel = "timeline_key_revocations";
}

public sealed class RevokeKeyHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<RevokeKey, Unit>
{
    public async ValueTask<Unit> Handle(RevokeKey command, CancellationToken cancellationToken)
    {
        var revoked = await db.ApiKeys
            .Where(k => k.Id == command.Id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            throw ProblemException.NotFound($"key {command.Id}");
        }

        // In the same transaction: the key's subscriptions stop matching and its waiting deliveries are not sent, so that a
        // leaked key revoked keeps receiving nothing, by webhook or otherwise. The matcher and the webhook claim also skip
        // any subscription whose owner is revoked or missing, whatever path led there.
        await db.Subscriptions.Where(s => s.OwnerKeyId == command.Id && s.Active)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Active, false)
                .SetProperty(x => x.DisabledReason, SubscriptionDisabled.OwnerRevoked), cancellationToken);
        await db.Alerts.Where(a => a.DeliveryState == AlertDelivery.Pending && db.Subscriptions.Any(s => s.Id == a.SubscriptionId && s.OwnerKeyId == command.Id))
            .ExecuteUpdateAsync(a => a
                .SetProperty(x => x.DeliveryState, AlertDelivery.Failed)
                .SetProperty(x => x.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);

        // Sent when the revocation commits, not before: no instance acts on a revocation that is rolled back.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevokeKey.Channel}, {command.Id.ToString()})", cancellationToken);
        return Unit.Value;
    }
}

public static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        // Any key may ask who it is: the page shows its role and offers what the role allows.
        app.MapGet("/api/me", (HttpContext http) => TypedResults.Ok(new Caller(http.User.Owner().KeyId, http.User.AnalystName(),
                http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "")))
            .WithTags("Keys").WithSummary("The calling key: its id, name and role");
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);
        keys.MapPost("/", async (CreateKey command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/keys/{created.Id}", created);
        }).Answers(StatusCodes.Status409Conflict, "a key with this name exists, or this Idempotency-Key already created a key (whose secret is not shown again)")
          .WithSummary("Create an API key; the key is shown once");
        keys.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListKeys(), ct)))
            .WithSummary("List the active API keys (never their secrets)");
        keys.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetKey(id), ct)))
            .WithSummary("Read one active API key (never its secret)");
                keys.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, KnownKeys known, OpenStreams streams, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeKey(id), ct);
            // Committed now. Forgotten here at once, rather than when the notification comes back: forgotten before the
            // commit, a request in between would find the key still valid and cache it again.
            known.Forget(id);
            streams.Revoked(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke an API key");
    }
}
