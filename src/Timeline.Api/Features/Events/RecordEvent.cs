using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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
    public RecordEventValidator() =>
        RuleFor(x => x.Fulfils).Must(f => f!.Count <= MaxItems).When(x => x.Fulfils is not null).WithMessage($"at most {MaxItems} follow-ups");
}

public sealed class RecordEventHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordEvent, EventView>
{
    public async ValueTask<EventView> Handle(RecordEvent command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var e = command.NewEvent(command.RecordedBy, now);
        await EventFootprints.LocateAsync(db, e, cancellationToken);
        // The event, its first revision and its change in one round trip, written as the import writes them (EventTables)
        // rather than tracked by EF Core: tracking the event, the revision and their owned JSON members, then saving them,
        // was a quarter of the API's CPU for a write (docs/BENCHMARKS.md, a write's CPU). The transaction is the
        // pipeline's (TransactionBehaviour), so a follow-up refused below still leaves nothing written.
        var change = history.ChangeOf(EventHistory.Kind, e, ChangeKinds.EventRecorded);
        await EventTables.InsertAsync((NpgsqlConnection)db.Database.GetDbConnection(), EventRows.Of(e, change), cancellationToken);
        var view = EventHistory.Kind.ViewOf(e);
        foreach (var id in (command.Fulfils ?? []).Distinct())
        {
            var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == id, cancellationToken)
                ?? throw ProblemException.BadRequest("fulfils", $"no such follow-up: {id}");
            await FulfilFollowUpHandler.FulfilAsync(db, history, followUp, e.EventId, command.RecordedBy, now, cancellationToken);
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return view;
    }
}
