using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Events;

public sealed record GetEvent(Guid Id) : IQuery<EventView>;

public sealed class GetEventHandler(TimelineDbContext db) : IQueryHandler<GetEvent, EventView>
{
    public async ValueTask<EventView> Handle(GetEvent query, CancellationToken cancellationToken) =>
        await db.Events.AsNoTracking().Where(e => e.EventId == query.Id).ToViews().SingleOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound($"event {query.Id}");
}
