using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Duplicates;

/// <summary>
/// An event duplicates another: it is retracted with the reason "duplicate of &lt;id&gt;", its sources not already there
/// are added to the kept event (an amendment), and both show a <c>duplicates</c> relation. Nothing is deleted: the
/// revisions and <c>asOf</c> still tell the story.
/// </summary>
public sealed record MarkDuplicate(Guid Id, Guid? EventId, string By) : ICommand<EventView>;

public sealed class MarkDuplicateValidator : AbstractValidator<MarkDuplicate>
{
    public MarkDuplicateValidator()
    {
        RuleFor(x => x.EventId).NotEmpty().WithMessage("eventId is required: the event to keep");
        RuleFor(x => x.EventId).Must((c, kept) => kept != c.Id).WithMessage("an event is not a duplicate of itself");
    }
}

public sealed class MarkDuplicateHandler(TimelineDbContext db, History history, TimeProvider clock) : ICommandHandler<MarkDuplicate, EventView>
{
    public async ValueTask<EventView> Handle(MarkDuplicate command, CancellationToken cancellationToken)
    {
        var keptId = command.EventId!.Value;
        var duplicate = await db.Events.SingleOrDefaultAsync(e => e.EventId == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"event {command.Id}");
        var kept = await db.Events.SingleOrDefaultAsync(e => e.EventId == keptId, cancellationToken)
            ?? throw ProblemException.BadRequest("eventId", $"no such event: {keptId}");
        if (duplicate.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict("the event is already retracted");
        }

        if (kept.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict($"event {keptId} is retracted: keep a live event");
        }

        var now = clock.GetUtcNow();
        var fields = EventFields.Of(kept);
        var added = duplicate.Sources.Where(s => !kept.Sources.Any(k => k.Url == s.Url)).Select(s => new SourceFields
        {
            Url = s.Url, Title = s.Title, Publisher = s.Publisher, Published = s.Published, Quote = s.Quote, Reliability = s.Reliability,
        });
        (fields with
        {
            Sources = [.. fields.Sources!, .. added],
            Related = [.. fields.Related!, new RelatedFields { EventId = duplicate.EventId, Relation = Relations.Duplicates }],
        }).ApplyTo(kept);
        await history.ReviseAsync(EventHistory.Kind, kept, new(ChangeKinds.EventAmended, command.By, At: now), cancellationToken);

        duplicate.Status = EventStatuses.Retracted;
        duplicate.RetractionReason = $"duplicate of {keptId}";
        duplicate.Related = [.. duplicate.Related, new RelatedEvent { EventId = keptId, Relation = Relations.Duplicates }];
        var view = await history.ReviseAsync(EventHistory.Kind, duplicate, new(ChangeKinds.EventRetracted, command.By, duplicate.RetractionReason, At: now),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
