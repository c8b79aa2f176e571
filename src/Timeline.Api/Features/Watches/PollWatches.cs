using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

public sealed record PollResult(int Checked, int Failed);

/// <summary>
/// Checks the watches that are due, each at its own <c>every</c>. The due ones are claimed in one statement
/// (<c>FOR UPDATE SKIP LOCKED</c>, their next check moved past the time a check can take), so that another instance
/// polling at the same moment takes others, or none.
/// </summary>
public sealed record PollWatches : IRequest<PollResult>;

public sealed class PollWatchesHandler(TimelineDbContext db, IMediator mediator, TimeProvider clock, IOptions<WatchOptions> options)
    : IRequestHandler<PollWatches, PollResult>
{
    public async ValueTask<PollResult> Handle(PollWatches request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lease = now.AddSeconds(options.Value.TimeoutSeconds * 2 + 60);
        var due = await db.Database.SqlQuery<Guid>(
            $"""
             UPDATE timeline.watches SET next_check_at = {lease}
             WHERE id IN (SELECT id FROM timeline.watches WHERE next_check_at <= {now} ORDER BY next_check_at
                          LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED)
             RETURNING id AS "Value"
             """).ToListAsync(cancellationToken);
        var failed = 0;
        foreach (var id in due)
        {
            var result = await mediator.Send(new CheckWatch(id), cancellationToken);
            failed += result.LastStatus?.StartsWith("failed", StringComparison.Ordinal) == true ? 1 : 0;
        }

        return new PollResult(due.Count, failed);
    }
}

/// <summary>The Hangfire job: thin, it sends the command.</summary>
public sealed class WatchPollJob(IMediator mediator, ILogger<WatchPollJob> logger)
{
    public const string Id = "watch-poll";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new PollWatches(), cancellationToken);
        logger.Log(result.Checked > 0 ? LogLevel.Information : LogLevel.Debug, "Watches: {Checked} checked, {Failed} failed", result.Checked, result.Failed);
    }
}
