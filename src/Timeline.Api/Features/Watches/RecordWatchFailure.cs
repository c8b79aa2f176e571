using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Leads;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// A check that failed: the watch says why in <c>lastStatus</c> and waits longer before the next one — its <c>every</c>
/// doubled for each failure in a row, up to <c>Timeline:Watches:MaxBackoffHours</c> — so a source that stays down is
/// asked less and less often, never in a hot loop.
/// </summary>
public sealed record RecordWatchFailure(Guid WatchId, string Reason) : ICommand<CheckResult>;

public sealed class RecordWatchFailureHandler(TimelineDbContext db, TimeProvider clock, IOptions<WatchOptions> options)
    : ICommandHandler<RecordWatchFailure, CheckResult>
{
    public async ValueTask<CheckResult> Handle(RecordWatchFailure command, CancellationToken cancellationToken)
    {
        var watch = await db.Watches.FromSql($"SELECT * FROM timeline.watches WHERE id = {command.WatchId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (watch is null)
        {
            return new CheckResult(0, 0, 0, 0, command.Reason);
        }

        var now = clock.GetUtcNow();
        watch.Failures++;
        var wait = Math.Min(watch.EverySeconds * Math.Pow(2, Math.Min(watch.Failures, 30)), options.Value.MaxBackoffHours * 3600);
        watch.LastCheckedAt = now;
        watch.NextCheckAt = now.AddSeconds(Math.Max(wait, watch.EverySeconds));
        var reason = command.Reason.Length > 800 ? command.Reason[..800] : command.Reason;
        watch.LastStatus = $"failed ({watch.Failures} in a row): {reason}; next check in {Words(watch.NextCheckAt - now)}";
        await db.SaveChangesAsync(cancellationToken);
        return new CheckResult(0, 0, 0, 0, watch.LastStatus, watch.NextCheckAt);
    }

    private static string Words(TimeSpan wait) =>
        wait.TotalHours >= 1 ? $"{wait.TotalHours:0.#} h" : wait.TotalMinutes >= 1 ? $"{wait.TotalMinutes:0.#} min" : $"{wait.TotalSeconds:0} s";
}
