using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Duplicates;

/// <summary>Two events are not the same development: neither is suggested as the other's duplicate again.</summary>
public sealed record MarkDistinct(Guid Id, Guid? EventId, string By) : ICommand<Distinction>;

public sealed record Distinction(Guid EventId, Guid DistinctFrom);

public sealed class MarkDistinctValidator : AbstractValidator<MarkDistinct>
{
    public MarkDistinctValidator()
    {
        RuleFor(x => x.EventId).NotEmpty().WithMessage("eventId is required: the event this one is not the same as");
        RuleFor(x => x.EventId).Must((c, other) => other != c.Id).WithMessage("an event is not distinct from itself");
    }
}

public sealed class MarkDistinctHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<MarkDistinct, Distinction>
{
    public async ValueTask<Distinction> Handle(MarkDistinct command, CancellationToken cancellationToken)
    {
        var other = command.EventId!.Value;
        var found = await db.Events.Where(e => e.EventId == command.Id || e.EventId == other).Select(e => e.EventId).ToListAsync(cancellationToken);
        if (!found.Contains(command.Id))
        {
            throw ProblemException.NotFound($"event {command.Id}");
        }

        if (!found.Contains(other))
        {
            throw ProblemException.BadRequest("eventId", $"no such event: {other}");
        }

        // Once per pair, the smaller id first: the duplicate check looks it up that way from either side.
        var (first, second) = command.Id.CompareTo(other) < 0 ? (command.Id, other) : (other, command.Id);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.event_distinctions (event_id, other_id, at, "by") VALUES ({first}, {second}, {clock.GetUtcNow()}, {command.By})
             ON CONFLICT DO NOTHING
             """, cancellationToken);
        return new Distinction(command.Id, other);
    }
}
