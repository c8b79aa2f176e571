using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Events;

/// <summary>One version of an event: what it said, who made it and when.</summary>
public sealed record RevisionView(int Version, string Change, string? Reason, DateTimeOffset ChangedAt, string ChangedBy, EventView Event);

public sealed record ListRevisions(Guid Id) : IQuery<IReadOnlyList<RevisionView>>;

public sealed class ListRevisionsHandler(TimelineDbContext db) : IQueryHandler<ListRevisions, IReadOnlyList<RevisionView>>
{
    public async ValueTask<IReadOnlyList<RevisionView>> Handle(ListRevisions query, CancellationToken cancellationToken)
    {
        var revisions = await db.EventRevisions.AsNoTracking()
            .Where(r => r.EventId == query.Id)
            .OrderBy(r => r.Version)
            .ToListAsync(cancellationToken);
        return revisions.Count == 0
            ? throw ProblemException.NotFound($"event {query.Id}")
            : [.. revisions.Select(r => new RevisionView(r.Version, r.Change, r.Reason, r.ValidFrom, r.UpdatedBy, r.ToView()))];
    }
}
