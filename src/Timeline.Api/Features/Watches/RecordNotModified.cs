using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Leads;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>A check that found the source unchanged (<c>304 Not Modified</c>): nothing fetched, nothing new.</summary>
public sealed record RecordNotModified(Guid WatchId) : ICommand<CheckResult>;

public sealed class RecordNotModifiedHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<RecordNotModified, CheckResult>
{
    public async ValueTask<CheckResult> Handle(RecordNotModified command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var watch = await db.Watches.SingleOrDefaultAsync(w => w.Id == command.WatchId, cancellationToken);
        if (watch is null)
        {
            return new CheckResult(0, 0, 0, 0);
        }

        watch.LastCheckedAt = now;
        watch.Failures = 0;
        watch.NextCheckAt = now.AddSeconds(watch.EverySeconds);
        watch.LastStatus = "ok: not modified since the last check";
        await db.SaveChangesAsync(cancellationToken);
        return new CheckResult(0, 0, 0, 0, watch.LastStatus, watch.NextCheckAt);
    }
}
