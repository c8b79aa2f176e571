using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.Access;

/// <summary>
/// Revokes a key, and tells every instance so when it commits (<c>NOTIFY</c> on <see cref="Channel"/>): they forget it
/// from their caches and end its open alert streams.
/// </summary>
/// <param name="Person">A person revoking a personal key of their own; null for an admin, who revokes any.</param>
public sealed record RevokeKey(Guid Id, Guid? Person) : ICommand<Unit>
{
    public const string Channel = "timeline_key_revocations";
}

public sealed class RevokeKeyHandler(TimelineDbContext db, TimeProvider clock, AuditLog audit) : ICommandHandler<RevokeKey, Unit>
{
    public async ValueTask<Unit> Handle(RevokeKey command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == command.Id && k.RevokedAt == null && !k.ForSignIn && (command.Person == null || k.PersonId == command.Person))
            .Select(k => new { k.Name, k.Role })
            .SingleOrDefaultAsync(cancellationToken);
        var revoked = key is null ? 0 : await db.ApiKeys
            .Where(k => k.Id == command.Id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            throw ProblemException.NotFound($"key {command.Id}");
        }

        audit.Add(AuditActions.KeyRevoked, "key", command.Id.ToString(), $"'{key!.Name}' ({key.Role})");
        await db.SaveChangesAsync(cancellationToken);

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
