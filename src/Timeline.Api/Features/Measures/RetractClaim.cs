using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Measures;

/// <summary>Retract a claim: it leaves the measure's list and summary from now on, and stays on record with the reason.</summary>
public sealed record RetractClaim(Guid Id, string? Reason, string RetractedBy) : ICommand<ClaimView>;

public sealed class RetractClaimValidator : AbstractValidator<RetractClaim>
{
    public RetractClaimValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class RetractClaimHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RetractClaim, ClaimView>
{
    public async ValueTask<ClaimView> Handle(RetractClaim command, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"claim {command.Id}");
        if (claim.RetractedAt is not null)
        {
            throw ProblemException.Conflict("the claim is already retracted");
        }

        var now = clock.GetUtcNow();
        claim.RetractedAt = now;
        claim.RetractionReason = command.Reason!.Trim();
        var view = await history.ReviseAsync(ClaimHistory.Kind, claim, new(ChangeKinds.ClaimRetracted, command.RetractedBy, claim.RetractionReason,
            At: now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
