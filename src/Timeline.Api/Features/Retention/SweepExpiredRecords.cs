using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Retention;

/// <summary>The <c>Timeline:Retention</c> configuration section: how long records that only serve a while are kept.</summary>
public sealed class RetentionOptions
{
    /// <summary>Hangfire cron for the sweep.</summary>
    public string Cron { get; set; } = "17 * * * *";

    /// <summary>Hours an idempotency record answers a repeat.</summary>
    public double IdempotencyHours { get; set; } = 24;

    /// <summary>Days an alert is kept once delivered, failed or without a webhook (pending ones stay until settled).</summary>
    public double AlertDays { get; set; } = 90;

    /// <summary>Days a delivery attempt stays in the delivery log.</summary>
    public double DeliveryDays { get; set; } = 90;

    /// <summary>Days an audit log entry is kept.</summary>
    public double AuditDays { get; set; } = 365;

    /// <summary>Rows deleted per statement, so no sweep holds locks or a transaction for long.</summary>
    public int BatchSize { get; set; } = 5_000;
}

public sealed record SweepResult(int IdempotencyRecords, int Alerts, int Deliveries, int AuditEntries = 0);

/// <summary>
/// Deletes expired idempotency records, alerts and delivery attempts, oldest first, a batch per statement. The change
/// log is not swept: it is the sync history. On purpose not an <see cref="ICommand{TResponse}"/>: each batch commits on
/// its own instead of one transaction holding every deleted row.
/// </summary>
public sealed record SweepExpiredRecords : IRequest<SweepResult>;

public sealed class SweepExpiredRecordsHandler(TimelineDbContext db, TimeProvider clock, IOptions<RetentionOptions> options)
    : IRequestHandler<SweepExpiredRecords, SweepResult>
{
    public async ValueTask<SweepResult> Handle(SweepExpiredRecords request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var idempotencyBefore = now - TimeSpan.FromHours(o.IdempotencyHours);
        var alertsBefore = now - TimeSpan.FromDays(o.AlertDays);
        var deliveriesBefore = now - TimeSpan.FromDays(o.DeliveryDays);

        var idempotency = await InBatchesAsync(() => db.Database.ExecuteSqlAsync(
            $"""
             DELETE FROM timeline.idempotency_keys WHERE ctid IN (
                 SELECT ctid FROM timeline.idempotency_keys WHERE created_at < {idempotencyBefore} ORDER BY created_at LIMIT {o.BatchSize})
             """, cancellationToken), o.BatchSize);
        var deliveries = await InBatchesAsync(() => db.Database.ExecuteSqlAsync(
            $"""
             DELETE FROM timeline.deliveries WHERE id IN (
                 SELECT id FROM timeline.deliveries WHERE attempted_at < {deliveriesBefore} ORDER BY attempted_at LIMIT {o.BatchSize})
             """, cancellationToken), o.BatchSize);
        // An alert's remaining delivery attempts go with it (the foreign key cascades).
        var alerts = await InBatchesAsync(() => db.Database.ExecuteSqlAsync(
            $"""
             DELETE FROM timeline.alerts WHERE id IN (
                 SELECT id FROM timeline.alerts WHERE created_at < {alertsBefore} AND delivery_state <> 'pending'
                 ORDER BY created_at LIMIT {o.BatchSize})
             """, cancellationToken), o.BatchSize);
        var auditBefore = now - TimeSpan.FromDays(o.AuditDays);
        var audit = await InBatchesAsync(() => db.Database.ExecuteSqlAsync(
            $"""
             DELETE FROM timeline.audit_log WHERE id IN (
                 SELECT id FROM timeline.audit_log WHERE at < {auditBefore} ORDER BY at LIMIT {o.BatchSize})
             """, cancellationToken), o.BatchSize);
        return new SweepResult(idempotency, alerts, deliveries, audit);
    }

    private static async Task<int> InBatchesAsync(Func<Task<int>> batch, int size)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await batch();
            total += deleted;
        }
        while (deleted == size);
        return total;
    }
}

/// <summary>The Hangfire job: thin, it sends the request.</summary>
public sealed class RetentionJob(IMediator mediator, ILogger<RetentionJob> logger)
{
    public const string Id = "retention-sweep";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var swept = await mediator.Send(new SweepExpiredRecords(), cancellationToken);
        logger.Log(swept.IdempotencyRecords + swept.Alerts + swept.Deliveries > 0 ? LogLevel.Information : LogLevel.Debug,
            "Retention sweep: {IdempotencyRecords} idempotency records, {Alerts} alerts, {Deliveries} delivery attempts deleted",
            swept.IdempotencyRecords, swept.Alerts, swept.Deliveries);
    }
}
