using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>One watch.</summary>
public sealed record GetWatch(Guid Id) : IQuery<WatchView>;

public sealed class GetWatchHandler(TimelineDbContext db) : IQueryHandler<GetWatch, WatchView>
{
    public async ValueTask<WatchView> Handle(GetWatch query, CancellationToken cancellationToken) =>
        (await db.Watches.AsNoTracking().SingleOrDefaultAsync(w => w.Id == query.Id, cancellationToken))?.ToView()
        ?? throw ProblemException.NotFound($"watch {query.Id}");
}
