using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

using Timeline.Api.Platform.Hosting;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>An alert claimed for one attempt: what to send, where, and the lease that makes it ours.</summary>
public sealed record ClaimedWebhook(long AlertId, Guid SubscriptionId, string Kind, string Data, DateTimeOffset RaisedAt, string MessageId,
    int Attempt, string WebhookUrl, string Secret, DateTimeOffset Lease);

/// <summary>The claimed alerts; <see cref="Abandoned"/> counts those marked failed unsent (their subscription was disabled).</summary>
public sealed record ClaimedBatch(IReadOnlyList<ClaimedWebhook> Alerts, int Abandoned);

/// <summary>Step one of <see cref="DeliverWebhooks"/>, in its own short transaction: claim and lease due alerts.</summary>
public sealed record ClaimWebhookBatch(int Size) : ICommand<ClaimedBatch>;

public sealed class ClaimWebhookBatchHandler(TimelineDbContext db, TimeProvider clock, IOptions<WebhookOptions> options, WebhookSecrets secrets,
    InstanceSession session, ILogger<ClaimWebhookBatchHandler> logger)
    : ICommandHandler<ClaimWebhookBatch, ClaimedBatch>
{
    public async ValueTask<ClaimedBatch> Handle(ClaimWebhookBatch command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Rows another server has claimed in a transaction still open are skipped, not waited for; once it commits,
        // their next_attempt_at is in the future and they are no longer due. A lease whose instance's session has ended
        // (the instance died, kill -9 included) is due at once: its batch was never recorded, and may never be.
        var ids = await db.Database.SqlQuery<long>(
            $"""
             SELECT id AS "Value" FROM timeline.alerts a
             WHERE delivery_state = 'pending'
               AND (next_attempt_at <= {now}
                    OR (leased_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_stat_activity p WHERE p.pid = a.leased_by)))
             ORDER BY next_attempt_at, id
             LIMIT {command.Size}
             FOR UPDATE SKIP LOCKED
             """).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return new ClaimedBatch([], 0);
        }

        var rows = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).Stored(db.Changes)
            .Join(db.Subscriptions, a => a.SubscriptionId, s => s.Id, (a, s) => new
            {
                a.Id, a.SubscriptionId, a.Kind, a.OwnData, a.ChangeData, a.CreatedAt, a.MessageId, a.Attempts, a.NextAttemptAt,
                s.Active, s.WebhookUrl, s.ProtectedWebhookSecret,
                OwnerLive = db.ApiKeys.Any(k => k.Id == s.OwnerKeyId && k.RevokedAt == null),
            })
            .ToListAsync(cancellationToken);
        var secretOf = rows.Where(r => r.ProtectedWebhookSecret is not null).Select(r => (r.SubscriptionId, r.ProtectedWebhookSecret)).Distinct()
            .ToDictionary(r => r.SubscriptionId, r => secrets.Unprotect(r.ProtectedWebhookSecret!));
        foreach (var unreadable in secretOf.Where(s => s.Value is null))
        {
            logger.LogError("The webhook secret of subscription {Subscription} cannot be decrypted (its Data Protection key is gone); " +
                "its alerts fail unsent: subscribe again for a new secret", unreadable.Key);
        }

        // A disabled subscription (410 Gone, or its key revoked) gets nothing more: its waiting alerts fail without being
        // sent; so do those whose owner key is revoked or missing, however the subscription stayed active, and those whose
        // secret cannot be read, since they cannot be signed.
        var abandoned = rows.Where(r => !r.Active || !r.OwnerLive || r.WebhookUrl is null || secretOf.GetValueOrDefault(r.SubscriptionId) is null)
            .Select(r => r.Id).ToList();
        if (abandoned.Count > 0)
        {
            await db.Alerts.Where(a => abandoned.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.DeliveryState, AlertDelivery.Failed)
                .SetProperty(a => a.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        }

        // PostgreSQL keeps microseconds: the lease is written at that precision so that it compares equal when recorded.
        var leaseUntil = now + DeliverWebhooksHandler.Lease(options.Value);
        leaseUntil = new DateTimeOffset(leaseUntil.UtcTicks - (leaseUntil.UtcTicks % 10), TimeSpan.Zero);
        var claimed = rows.Where(r => !abandoned.Contains(r.Id)).OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id).ToList();
        var claimedIds = claimed.Select(r => r.Id).ToList();
        await db.Alerts.Where(a => claimedIds.Contains(a.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.NextAttemptAt, (DateTimeOffset?)leaseUntil)
                .SetProperty(a => a.LeasedBy, session.Pid), cancellationToken);

        return new ClaimedBatch(
            [.. claimed.Select(r => new ClaimedWebhook(r.Id, r.SubscriptionId, r.Kind, StoredAlert.DataOf(r.OwnData, r.ChangeData), r.CreatedAt, r.MessageId, r.Attempts + 1,
                r.WebhookUrl!, secretOf[r.SubscriptionId]!, leaseUntil))],
            abandoned.Count);
    }
}
