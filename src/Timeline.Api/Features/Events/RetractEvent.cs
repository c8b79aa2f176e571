using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Events;

/// <summary>Retract an event: it stays on record, with status <c>retracted</c> and the reason.</summary>
/// <param name="ExpectedVersion">The version the client read (If-Match), when it named one: retracting a newer one is then a 412.</param>
public sealed record RetractEvent(Guid Id, string? Reason, string RetractedBy, int? ExpectedVersion = null) : ICommand<EventView>;

public sealed class RetractEventValidator : AbstractValidator<RetractEvent>
{
    public RetractEventValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class RetractEventHandler(TimelineDbContext db, History history) : ICommandHandler<RetractEvent, EventView>
{
    public async ValueTask<EventView> Handle(RetractEvent command, CancellationToken cancellationToken)
    {
        var e = await db.Events.SingleOrDefaultAsync(x => x.EventId == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"event {command.Id}");
        if (command.ExpectedVersion is { } expected && e.Version != expected)
        {
            throw ProblemException.PreconditionFailed(e.Version);
        }

        if (e.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict("the event is already retracted");
        }

        e.Status = EventStatuses.Retracted;
        e.RetractionReason = command.Reason!.Trim();
        // The retracted event is the tombstone a syncing client applies.
        var view = await history.ReviseAsync(EventHistory.Kind, e,
            new(ChangeKinds.EventRetracted, command.RetractedBy, e.RetractionReason, IfMatch: command.ExpectedVersion is not null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
