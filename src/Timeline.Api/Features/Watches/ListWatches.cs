using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>Every watch, by name: there are tens, not thousands.</summary>
public sealed record ListWatches : IQuery<WatchList>;

public sealed record WatchList(IReadOnlyList<WatchView> Items);

public sealed class ListWatchesHandler(TimelineDbContext db) : IQueryHandler<ListWatches, WatchList>
{
    public async ValueTask<WatchList> Handle(ListWatches query, CancellationToken cancellationToken)
    {
        var watches = await db.Watches.AsNoTracking().OrderBy(w => w.Name).ThenBy(w => w.Id).ToListAsync(cancellationToken);
        return new WatchList([.. watches.Select(w => w.ToView())]);
    }
}
