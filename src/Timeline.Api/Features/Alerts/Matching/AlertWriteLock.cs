using Microsoft.EntityFrameworkCore;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>
/// The lock that orders alerts' writes and a subscription's deletion: the alert matcher's checkpoint row. The matcher holds
/// it for each page (<c>FOR UPDATE</c>, taken by its turn), the lead alerts take it before they read their candidates, and
/// unsubscribing takes it shared before it deletes the subscription and its alerts. So a page that read a subscription as a
/// candidate commits its alerts before the deletion reads them (and deletes them with the rest), and a page after the
/// deletion no longer finds the subscription: no alert of a deleted subscription survives, without a foreign key's check
/// on every alert written. In the caller's transaction, which holds it until it ends.
/// </summary>
internal static class AlertWriteLock
{
    /// <summary>For writing alerts: waits for the matcher's page (or a deletion) in progress to commit.</summary>
    public static Task ForWritingAsync(TimelineDbContext db, TimeProvider clock, CancellationToken ct) => TakeAsync(db, clock, shared: false, ct);

    /// <summary>For deleting a subscription's alerts: several deletions at once, none while alerts are being written.</summary>
    public static Task ForDeletingAsync(TimelineDbContext db, TimeProvider clock, CancellationToken ct) => TakeAsync(db, clock, shared: true, ct);

    private static async Task TakeAsync(TimelineDbContext db, TimeProvider clock, bool shared, CancellationToken ct)
    {
        // The row exists once the matcher has taken a turn; before that, made here as its first turn would make it (from the
        // log's start), so that there is always a row to hold.
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.change_checkpoints (name, tx, sequence, updated_at) VALUES ({ChangeCheckpoint.AlertMatcher}, '0'::xid8, 0, {clock.GetUtcNow()})
             ON CONFLICT (name) DO NOTHING
             """, ct);
        if (shared)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM timeline.change_checkpoints WHERE name = {ChangeCheckpoint.AlertMatcher} FOR SHARE", ct);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM timeline.change_checkpoints WHERE name = {ChangeCheckpoint.AlertMatcher} FOR UPDATE", ct);
        }
    }
}
