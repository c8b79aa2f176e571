using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.Places;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Events;

/// <summary>Record a new event; its first revision and its change-log entry are written with it.</summary>
public sealed record RecordEvent : EventFields, ICommand<EventView>
{
    /// <summary>Follow-ups this event fulfils, closed in the same transaction.</summary>
    public List<Guid>? Fulfils { get; init; }

    /// <summary>The API key's name; set by the endpoint, never by the body.</summary>
    [JsonIgnore]
    public string RecordedBy { get; init; } = "";
}

public sealed class RecordEventValidator : EventRules<RecordEvent>
{
    public RecordEventValidator(TimelineDbContext db, KnownActors actors) : base(db, actors) =>
        RuleFor(x => x.Fulfils).Must(f => f!.Count <= MaxItems).When(x => x.Fulfils is not null).WithMessage($"at most {MaxItems} follow-ups");
}

public sealed class RecordEventHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordEvent, EventView>
{
    public async ValueTask<EventView> Handle(RecordEvent command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var e = command.NewEvent(command.RecordedBy, now);
        await EventFootprints.LocateAsync(db, e, cancellationToken);
        var view = await history.RecordAsync(EventHistory.Kind, e, ChangeKinds.EventRecorded, cancellationToken);
        foreach (var id in (command.Fulfils ?? []).Distinct())
        {
            var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == id, cancellationToken)
                ?? throw ProblemException.BadRequest("fulfils", $"no such follow-up: {id}");
            await FulfilFollowUpHandler.FulfilAsync(db, history, followUp, e.EventId, command.RecordedBy, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
