using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>The lead a triage is about: it must exist and still be new (a lead already triaged is a 409).</summary>
public static class TriagedLead
{
    public static async Task<Lead> LoadNewAsync(TimelineDbContext db, Guid id, CancellationToken ct)
    {
        var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw ProblemException.NotFound($"lead {id}");
        return lead.Status == LeadStatuses.New ? lead
            : throw ProblemException.Conflict($"the lead was already triaged: it is {lead.Status}{(lead.EventId is { } e ? $" (event {e})" : "")}");
    }
}
