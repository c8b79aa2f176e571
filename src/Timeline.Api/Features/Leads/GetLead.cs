using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Duplicates;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Leads;

/// <summary>One lead, with its earlier texts (<c>previous</c>) and the events it may duplicate.</summary>
public sealed record GetLead(Guid Id) : IQuery<LeadView>;

public sealed class GetLeadHandler(TimelineDbContext db) : IQueryHandler<GetLead, LeadView>
{
    public async ValueTask<LeadView> Handle(GetLead query, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == query.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"lead {query.Id}");
        return lead.ToView(await PossibleDuplicates.FindAsync(db, LeadViews.ProbeOf(lead), cancellationToken), withPrevious: true);
    }
}
