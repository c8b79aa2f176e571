using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>Close a follow-up that will not happen or no longer matters, with a reason.</summary>
public sealed record CancelFollowUp(Guid Id, string? Reason, string By) : ICommand<FollowUpView>;

public sealed class CancelFollowUpValidator : AbstractValidator<CancelFollowUp>
{
    public CancelFollowUpValidator() => RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class CancelFollowUpHandler(TimelineDbContext db, History history) : ICommandHandler<CancelFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(CancelFollowUp command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"follow-up {command.Id}");
        if (followUp.Status is not (FollowUpStatuses.Open or FollowUpStatuses.Overdue))
        {
            throw ProblemException.Conflict($"the follow-up is already {followUp.Status}");
        }

        followUp.Status = FollowUpStatuses.Cancelled;
        followUp.CancellationReason = command.Reason!.Trim();
        var view = await history.ReviseAsync(FollowUpHistory.Kind, followUp, new(ChangeKinds.FollowUpCancelled, command.By, command.Reason), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
