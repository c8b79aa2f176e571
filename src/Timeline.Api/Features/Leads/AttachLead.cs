using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>
/// Add a lead to an event as a further source: an amendment of the event (a new version, a revision, a change) and the
/// lead <c>attached</c>, in one transaction. A lead whose link the event already cites adds no second copy of it.
/// </summary>
public sealed record AttachLead(Guid Id, Guid? EventId, string AttachedBy) : ICommand<LeadView>;

public sealed class AttachLeadValidator : AbstractValidator<AttachLead>
{
    public AttachLeadValidator() => RuleFor(x => x.EventId).NotEmpty().WithMessage("eventId is required: the event the lead is a further source of");
}

public sealed class AttachLeadHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<AttachLead, LeadView>
{
    public async ValueTask<LeadView> Handle(AttachLead command, CancellationToken cancellationToken)
    {
        var lead = await TriagedLead.LoadNewAsync(db, command.Id, cancellationToken);
        var e = await db.Events.SingleOrDefaultAsync(x => x.EventId == command.EventId, cancellationToken)
            ?? throw ProblemException.BadRequest("eventId", $"no such event: {command.EventId}");
        if (e.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict("a retracted event cannot be amended: attach the lead to a live event");
        }

        if (lead.Url is null)
        {
            throw ProblemException.Conflict("the lead has no link to cite as a source: record it as an event with its sources instead");
        }

        var watch = await db.Watches.AsNoTracking().SingleOrDefaultAsync(w => w.Id == lead.WatchId, cancellationToken);
        var now = clock.GetUtcNow();
        if (!e.Sources.Any(s => s.Url == lead.Url))
        {
            var fields = EventFields.Of(e);
            (fields with
            {
                Sources =
                [
                    .. fields.Sources!,
                    new SourceFields
                    {
                        Url = lead.Url, Title = lead.Title.Length > 500 ? lead.Title[..500] : lead.Title, Publisher = watch?.Name, Published = lead.Published,
                        Reliability = watch?.Reliability,
                    },
                ],
            }).ApplyTo(e);
            await history.ReviseAsync(EventHistory.Kind, e, new(ChangeKinds.EventAmended, command.AttachedBy, At: now), cancellationToken);
        }

        lead.Status = LeadStatuses.Attached;
        lead.EventId = e.EventId;
        var view = await history.ReviseAsync(LeadHistory.Kind, lead, new(ChangeKinds.LeadAttached, command.AttachedBy, At: now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
