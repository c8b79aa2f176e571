using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Changes;
using Timeline.Api.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Events;

/// <summary>Retract an event: it stays on record, with status <c>retracted</c> and the reason.</summary>
public sealed record RetractEvent(Guid Id, string? Reason, string RetractedBy) : ICommand<EventView>;

public sealed class RetractEventValidator : AbstractValidator<RetractEvent>
{
    public RetractEventValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class RetractEventHandler(TimelineDbContext db, TimeProvider clock, ChangeEntries changes) : ICommandHandler<RetractEvent, EventView>
{
    public async ValueTask<EventView> Handle(RetractEvent command, CancellationToken cancellationToken)
    {
        var e = await db.Events.SingleOrDefaultAsync(x => x.EventId == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"event {command.Id}");
        if (e.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict("the event is already retracted");
        }

        var now = clock.GetUtcNow();
        await db.EventRevisions.Where(r => r.EventId == e.EventId && r.ValidTo == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.ValidTo, now), cancellationToken);
        e.Status = EventStatuses.Retracted;
        e.RetractionReason = command.Reason!.Trim();
        e.Version++;
        e.UpdatedAt = now;
        e.UpdatedBy = command.RetractedBy;
        db.EventRevisions.Add(e.ToRevision("retracted", e.RetractionReason));
        // The retracted event is the tombstone a syncing client applies.
        var view = e.ToView();
        db.Changes.Add(changes.Event(ChangeKinds.EventRetracted, view));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ProblemException.Conflict("the event changed while it was being retracted; try again");
        }

        return view;
    }
}
