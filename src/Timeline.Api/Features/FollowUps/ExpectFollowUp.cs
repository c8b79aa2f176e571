using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Dates;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>Expect a development after an event, by a due date.</summary>
public sealed record ExpectFollowUp(Guid EventId, string? Description, string? Due, string By) : ICommand<FollowUpView>;

public sealed class ExpectFollowUpValidator : AbstractValidator<ExpectFollowUp>
{
    public ExpectFollowUpValidator()
    {
        RuleFor(x => x.Description).NotEmpty().WithMessage("a description of what is expected is required").MaximumLength(2_000);
        RuleFor(x => x.Due).NotEmpty().WithMessage("a due date is required (EDTF, e.g. 2024-10-30 or 2024-11~)").MaximumLength(100)
            .Custom((text, context) =>
            {
                if (!string.IsNullOrEmpty(text) && !EdtfDate.TryParse(text, out _, out var error))
                {
                    context.AddFailure(error);
                }
            });
    }
}

public sealed class ExpectFollowUpHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<ExpectFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(ExpectFollowUp command, CancellationToken cancellationToken)
    {
        if (!await db.Events.AnyAsync(e => e.EventId == command.EventId, cancellationToken))
        {
            throw ProblemException.NotFound($"event {command.EventId}");
        }

        var due = EdtfDate.Parse(command.Due!);
        var now = clock.GetUtcNow();
        var followUp = new FollowUp
        {
            Id = Guid.CreateVersion7(now),
            EventId = command.EventId,
            Description = command.Description!.Trim(),
            Due = due.Text,
            DueEarliest = due.Earliest ?? DateOnly.MinValue,
            DueLatest = due.Latest ?? DateOnly.MaxValue,
            CreatedAt = now,
            CreatedBy = command.By,
            UpdatedAt = now,
            UpdatedBy = command.By,
        };
        var view = await history.RecordAsync(FollowUpHistory.Kind, followUp, ChangeKinds.FollowUpExpected, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
