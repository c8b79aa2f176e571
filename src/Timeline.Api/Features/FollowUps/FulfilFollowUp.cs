using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>Close a follow-up with the later event that fulfils it.</summary>
public sealed record FulfilFollowUp(Guid Id, Guid? EventId, string By) : ICommand<FollowUpView>;

public sealed class FulfilFollowUpValidator : AbstractValidator<FulfilFollowUp>
{
    public FulfilFollowUpValidator() => RuleFor(x => x.EventId).NotEmpty().WithMessage("eventId of the fulfilling event is required");
}

public sealed class FulfilFollowUpHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<FulfilFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(FulfilFollowUp command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"follow-up {command.Id}");
        var view = await FulfilAsync(db, history, followUp, command.EventId!.Value, command.By, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }

    /// <summary>Shared with recording an event that names the follow-ups it fulfils.</summary>
    public static async Task<FollowUpView> FulfilAsync(TimelineDbContext db, History history, FollowUp followUp, Guid eventId, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        if (followUp.Status is not (FollowUpStatuses.Open or FollowUpStatuses.Overdue))
        {
            throw ProblemException.Conflict($"the follow-up is {followUp.Status}; only open or overdue follow-ups can be fulfilled");
        }

        if (eventId == followUp.EventId)
        {
            throw ProblemException.BadRequest("eventId", "a follow-up is fulfilled by a later event, not the one it follows");
        }

        // The fulfilling event may be the one being recorded in this same transaction.
        if (!db.Events.Local.Any(e => e.EventId == eventId) && !await db.Events.AnyAsync(e => e.EventId == eventId, ct))
        {
            throw ProblemException.BadRequest("eventId", $"no such event: {eventId}");
        }

        followUp.Status = FollowUpStatuses.Fulfilled;
        followUp.FulfilledBy = eventId;
        return await history.ReviseAsync(FollowUpHistory.Kind, followUp, new(ChangeKinds.FollowUpFulfilled, by, At: now), ct);
    }
}
