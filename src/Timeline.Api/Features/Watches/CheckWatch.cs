using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Leads;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Telemetry;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// Check one watch now: fetch its source (conditional GET, time and size limits, the address guard), read the items, and
/// record them as leads. On purpose an <see cref="IRequest{TResponse}"/>: no transaction is held open across the fetch;
/// what it found is written by <see cref="RecordLeads"/>, a failure by <see cref="RecordWatchFailure"/>.
/// </summary>
public sealed record CheckWatch(Guid Id) : IRequest<CheckResult>;

public sealed class CheckWatchHandler(TimelineDbContext db, SourceFetcher fetcher, IMediator mediator, TimelineMetrics metrics)
    : IRequestHandler<CheckWatch, CheckResult>
{
    public async ValueTask<CheckResult> Handle(CheckWatch request, CancellationToken cancellationToken)
    {
        var watch = await db.Watches.AsNoTracking().SingleOrDefaultAsync(w => w.Id == request.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"watch {request.Id}");
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var fetched = await fetcher.FetchAsync(watch, cancellationToken);
            if (fetched.NotModified)
            {
                outcome = "not-modified";
                return await mediator.Send(new RecordNotModified(watch.Id), cancellationToken);
            }

            var items = FeedDocument.Read(fetched.Body);
            var result = await mediator.Send(new RecordLeads(watch.Id, items, fetched.ETag, fetched.LastModified), cancellationToken);
            metrics.LeadsFound.Add(result.New);
            outcome = "ok";
            return result;
        }
        catch (Exception ex) when (ex is FetchFailedException or UnreadableSourceException)
        {
            outcome = "failed";
            return await mediator.Send(new RecordWatchFailure(watch.Id, ex.Message), cancellationToken);
        }
        finally
        {
            metrics.WatchChecks.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new TagList { { "outcome", outcome } });
        }
    }
}
