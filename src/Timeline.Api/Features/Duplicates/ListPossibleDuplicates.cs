using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Duplicates;

/// <summary>What a recorded event may duplicate: never itself, nor an event it was said to be distinct from.</summary>
public sealed record ListPossibleDuplicates(Guid Id) : IQuery<PossibleDuplicateList>;

public sealed class ListPossibleDuplicatesHandler(TimelineDbContext db) : IQueryHandler<ListPossibleDuplicates, PossibleDuplicateList>
{
    public async ValueTask<PossibleDuplicateList> Handle(ListPossibleDuplicates query, CancellationToken cancellationToken)
    {
        var e = await db.Events.AsNoTracking().Where(x => x.EventId == query.Id)
            .Select(x => new { x.Title, x.Summary, x.Earliest, x.Latest, x.Actors, x.Sources })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound($"event {query.Id}");
        var probe = new DuplicateProbe(e.Title, e.Summary, e.Earliest, e.Latest, e.Actors, [.. e.Sources.Select(s => s.Url)], query.Id);
        return new PossibleDuplicateList(await PossibleDuplicates.FindAsync(db, probe, cancellationToken));
    }
}
