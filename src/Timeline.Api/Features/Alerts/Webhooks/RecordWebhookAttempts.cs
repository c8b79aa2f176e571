using System.Buffers;
using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Api.Platform.Telemetry;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>One attempt's outcome: a status code when the receiver answered, an error when it did not or said no.</summary>
public sealed record WebhookAttempt(ClaimedWebhook Alert, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs, bool Succeeded);

/// <summary>Step three of <see cref="DeliverWebhooks"/>, in its own short transaction: log the attempts, move the alerts on.</summary>
public sealed record RecordWebhookAttempts(IReadOnlyList<WebhookAttempt> Attempts) : ICommand<WebhookDeliveryResult>;

public sealed partial class RecordWebhookAttemptsHandler(TimelineDbContext db, TimeProvider clock, IOptions<WebhookOptions> options,
    TimelineMetrics metrics, ILogger<RecordWebhookAttemptsHandler> logger)
    : ICommandHandler<RecordWebhookAttempts, WebhookDeliveryResult>
{
    public async ValueTask<WebhookDeliveryResult> Handle(RecordWebhookAttempts command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var schedule = options.Value.Schedule.Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        // Locked so that a subscription deleted meanwhile (its alerts go with it) waits for this, or is gone already.
        var ids = command.Attempts.Select(a => a.Alert.AlertId).ToArray();
        var existing = (await db.Database.SqlQuery<long>(
                $"""SELECT id AS "Value" FROM timeline.alerts WHERE id = ANY({ids}) ORDER BY id FOR UPDATE""")
            .ToListAsync(cancellationToken)).ToHashSet();

        int delivered = 0, retrying = 0, failed = 0;
        foreach (var attempt in command.Attempts.Where(a => existing.Contains(a.Alert.AlertId)))
        {
            var alert = attempt.Alert;
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.CreateVersion7(attempt.AttemptedAt),
                AlertId = alert.AlertId,
                SubscriptionId = alert.SubscriptionId,
                Attempt = alert.Attempt,
                AttemptedAt = attempt.AttemptedAt,
                StatusCode = attempt.StatusCode,
                Error = attempt.Error is { Length: > 2_000 } error ? error[..2_000] : attempt.Error,
                DurationMs = attempt.DurationMs,
                Succeeded = attempt.Succeeded,
            });

            string state;
            DateTimeOffset? next = null;
            if (attempt.Succeeded)
            {
                state = AlertDelivery.Delivered;
                delivered++;
            }
            else if (attempt.StatusCode == StatusCodes.Status410Gone)
            {
                state = AlertDelivery.Failed;
                failed++;
                var reason = $"the webhook answered 410 Gone on {attempt.AttemptedAt:yyyy-MM-ddTHH:mm:ssZ}";
                await db.Subscriptions.Where(s => s.Id == alert.SubscriptionId && s.Active).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Active, false)
                    .SetProperty(x => x.DisabledReason, reason), cancellationToken);
            }
            else if (alert.Attempt <= schedule.Length)
            {
                state = AlertDelivery.Pending;
                next = now + schedule[alert.Attempt - 1];
                retrying++;
            }
            else
            {
                state = AlertDelivery.Failed;
                failed++;
            }

            metrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome",
                attempt.Succeeded ? "delivered" : attempt.StatusCode == StatusCodes.Status410Gone ? "gone" : next is null ? "failed" : "retrying"));
            if (!attempt.Succeeded)
            {
                // Expected in the life of a webhook (a receiver down, refused or slow): one line, no stack trace.
                LogFailedAttempt(logger, alert.SubscriptionId, alert.Attempt, attempt.Error ?? $"HTTP {attempt.StatusCode}",
                    next is { } at ? $"next attempt at {at:yyyy-MM-ddTHH:mm:ss.fffZ}"
                    : attempt.StatusCode == StatusCodes.Status410Gone ? "the subscription is disabled (410 Gone)" : "no attempt is left");
            }

            // Only while the lease is ours: a redelivery asked for meanwhile (or a server that took over an expired
            // lease) has moved next_attempt_at, and its outcome is the one that counts.
            await db.Alerts
                .Where(a => a.Id == alert.AlertId && a.DeliveryState == AlertDelivery.Pending && a.NextAttemptAt == alert.Lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.DeliveryState, state)
                    .SetProperty(a => a.Attempts, a => a.Attempts + 1)
                    .SetProperty(a => a.NextAttemptAt, next)
                    .SetProperty(a => a.LeasedBy, (int?)null), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new WebhookDeliveryResult(command.Attempts.Count, delivered, retrying, failed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of subscription {Subscription}, attempt {Attempt}, failed: {Error}; {Next}")]
    private static partial void LogFailedAttempt(ILogger logger, Guid subscription, int attempt, string error, string next);
}
