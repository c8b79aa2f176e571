using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.FollowUps;

public sealed class FollowUpCheckOptions
{
    /// <summary>Hangfire cron for the check; five fields, or six for seconds.</summary>
    public string Cron { get; set; } = "* * * * *";

    /// <summary>Days after the due date's last day before a follow-up is overdue.</summary>
    public int GraceDays { get; set; }

    /// <summary>Days before the due date's last day within which <c>followup.due</c> is raised.</summary>
    public int DueWindowDays { get; set; } = 3;
}

public sealed record FollowUpCheckResult(int Due, int Overdue);

/// <summary>
/// Marks open follow-ups past their due date's last day (plus grace) overdue, appending <c>followup.overdue</c> to the
/// change log, and appends <c>followup.due</c> for those within the window; the alert matcher turns both into alerts.
/// Each at most once: a notice's primary key decides.
/// </summary>
public sealed record CheckFollowUps : ICommand<FollowUpCheckResult>;

public sealed class CheckFollowUpsHandler(TimelineDbContext db, TimeProvider clock, ChangeEntries changes, IOptions<FollowUpCheckOptions> options)
    : ICommandHandler<CheckFollowUps, FollowUpCheckResult>
{
    public async ValueTask<FollowUpCheckResult> Handle(CheckFollowUps command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var overdueBefore = today.AddDays(-options.Value.GraceDays);
        var dueBy = today.AddDays(options.Value.DueWindowDays);

        // Served by the partial index on open follow-ups by due day: only those due are read.
        var candidates = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatuses.Open && f.DueLatest <= dueBy)
            .Select(f => new { f.Id, f.DueLatest })
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return new FollowUpCheckResult(0, 0);
        }

        var overdue = await ClaimAsync([.. candidates.Where(c => c.DueLatest < overdueBefore).Select(c => c.Id)], ChangeKinds.FollowUpOverdue, now, cancellationToken);
        var due = await ClaimAsync([.. candidates.Where(c => c.DueLatest >= overdueBefore).Select(c => c.Id)], ChangeKinds.FollowUpDue, now, cancellationToken);
        if (overdue.Count > 0)
        {
            await db.FollowUps.Where(f => overdue.Contains(f.Id) && f.Status == FollowUpStatuses.Open)
                .ExecuteUpdateAsync(f => f
                    .SetProperty(x => x.Status, FollowUpStatuses.Overdue)
                    .SetProperty(x => x.UpdatedAt, now)
                    .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        }

        await AppendAsync([.. overdue, .. due], overdue, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new FollowUpCheckResult(due.Count, overdue.Count);
    }

    /// <summary>Inserts the notices; only the rows this run inserted come back, so a second run (or server) raises nothing.</summary>
    private async Task<List<Guid>> ClaimAsync(Guid[] ids, string kind, DateTimeOffset now, CancellationToken ct) =>
        ids.Length == 0
            ? []
            : await db.Database.SqlQuery<Guid>(
                $"""
                 INSERT INTO timeline.follow_up_notices (follow_up_id, kind, raised_at)
                 SELECT id, {kind}, {now} FROM unnest({ids}) AS id
                 ON CONFLICT DO NOTHING
                 RETURNING follow_up_id AS "Value"
                 """).ToListAsync(ct);

    /// <summary>One change per notice claimed, with the follow-up as it now stands (overdue ones already marked).</summary>
    private async Task AppendAsync(List<Guid> ids, List<Guid> overdue, DateTimeOffset now, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var followUps = await db.FollowUps.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.DueLatest).ThenBy(f => f.Id)
            .ToViews().ToListAsync(ct);
        foreach (var followUp in followUps)
        {
            var kind = overdue.Contains(followUp.Id) ? ChangeKinds.FollowUpOverdue : ChangeKinds.FollowUpDue;
            db.Changes.Add(changes.FollowUp(kind, followUp, now));
        }
    }
}

/// <summary>The Hangfire job: thin, it sends the command.</summary>
public sealed class FollowUpCheckJob(IMediator mediator, ILogger<FollowUpCheckJob> logger)
{
    public const string Id = "follow-up-check";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CheckFollowUps(), cancellationToken);
        // A run that found nothing due is the usual case: quiet unless asked for.
        logger.Log(result.Due + result.Overdue > 0 ? LogLevel.Information : LogLevel.Debug,
            "Follow-up check: {Due} became due, {Overdue} overdue", result.Due, result.Overdue);
    }
}
