using FluentValidation;
using Mediator;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>Dismiss a lead with a reason: it stays, <c>dismissed</c>, and is not found again (its item is known).</summary>
public sealed record DismissLead(Guid Id, string? Reason, string DismissedBy) : ICommand<LeadView>;

public sealed class DismissLeadValidator : AbstractValidator<DismissLead>
{
    public DismissLeadValidator() => RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class DismissLeadHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<DismissLead, LeadView>
{
    public async ValueTask<LeadView> Handle(DismissLead command, CancellationToken cancellationToken)
    {
        var lead = await TriagedLead.LoadNewAsync(db, command.Id, cancellationToken);
        lead.Status = LeadStatuses.Dismissed;
        lead.Reason = command.Reason!.Trim();
        var view = await history.ReviseAsync(LeadHistory.Kind, lead, new(ChangeKinds.LeadDismissed, command.DismissedBy, lead.Reason, At: clock.GetUtcNow()),
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
