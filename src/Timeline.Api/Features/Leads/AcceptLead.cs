using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>
/// Record a lead as an event. The editor gives what a feed cannot (<c>occurred</c> and <c>type</c>); <c>title</c>,
/// <c>summary</c>, <c>actors</c> and <c>sources</c> default to the lead's: its link and title as the source, the watch's
/// name as publisher, its publication day, the watch's reliability. The event is recorded as any other (the same rules),
/// and the lead becomes <c>accepted</c> with its <c>eventId</c>, in one transaction.
/// </summary>
public sealed record AcceptLead : EventFields, ICommand<EventView>
{
    [JsonIgnore]
    public Guid Id { get; init; }

    [JsonIgnore]
    public string AcceptedBy { get; init; } = "";
}

public sealed class AcceptLeadValidator : AbstractValidator<AcceptLead>
{
    public AcceptLeadValidator()
    {
        RuleFor(x => x.Occurred).NotEmpty().WithMessage("occurred is required: when it happened, in EDTF (the feed's date is only when it was published)");
        RuleFor(x => x.Type).NotEmpty().WithMessage("type is required, e.g. military.deployment");
    }
}

public sealed class AcceptLeadHandler(TimelineDbContext db, TimeProvider clock, History history, AmendedEventValidator rules,
    IServiceProvider services)
    : ICommandHandler<AcceptLead, EventView>
{
    public async ValueTask<EventView> Handle(AcceptLead command, CancellationToken cancellationToken)
    {
        var lead = await TriagedLead.LoadNewAsync(db, command.Id, cancellationToken);
        var watch = await db.Watches.AsNoTracking().SingleOrDefaultAsync(w => w.Id == lead.WatchId, cancellationToken);
        EventFields fields = command with
        {
            Title = command.Title ?? (lead.Title.Length > 300 ? lead.Title[..300] : lead.Title),
            Summary = command.Summary ?? (lead.Text.Length > 10_000 ? lead.Text[..10_000] : lead.Text),
            Actors = command.Actors ?? [.. lead.Actors],
            Sources = command.Sources ?? (lead.Url is null ? null :
            [
                new SourceFields
                {
                    Url = lead.Url, Title = lead.Title.Length > 500 ? lead.Title[..500] : lead.Title, Publisher = watch?.Name, Published = lead.Published,
                    Reliability = watch?.Reliability,
                },
            ]),
        };
        // The same rules as recording an event, on the event as the lead fills it in.
        await rules.ValidateAndThrowAsync(fields, services, cancellationToken);

        var now = clock.GetUtcNow();
        var e = fields.NewEvent(command.AcceptedBy, now);
        var view = await history.RecordAsync(EventHistory.Kind, e, ChangeKinds.EventRecorded, cancellationToken);
        lead.Status = LeadStatuses.Accepted;
        lead.EventId = e.EventId;
        await history.ReviseAsync(LeadHistory.Kind, lead, new(ChangeKinds.LeadAccepted, command.AcceptedBy, At: now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
