using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Places;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Events;

/// <summary>Amend an event with a JSON merge patch (RFC 7396) of its writable members, at the version the client read.</summary>
public sealed record AmendEvent(Guid Id, JsonObject Patch, int ExpectedVersion, string AmendedBy) : ICommand<EventView>;

/// <summary>The same rules as recording, applied to the event as the patch leaves it.</summary>
public sealed class AmendedEventValidator : EventRules<EventFields>;

public sealed class AmendEventHandler(TimelineDbContext db, History history, AmendedEventValidator validator,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IServiceProvider services) : ICommandHandler<AmendEvent, EventView>
{
    public async ValueTask<EventView> Handle(AmendEvent command, CancellationToken cancellationToken)
    {
        var e = await db.Events.SingleOrDefaultAsync(x => x.EventId == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"event {command.Id}");
        if (e.Version != command.ExpectedVersion)
        {
            throw ProblemException.PreconditionFailed(e.Version);
        }

        if (e.Status == EventStatuses.Retracted)
        {
            throw ProblemException.Conflict("a retracted event cannot be amended");
        }

        var amended = MergePatch.Amend(EventFields.Of(e), command.Patch, json.Value.SerializerOptions);

        await validator.ValidateAndThrowAsync(amended, services, cancellationToken);
        if (amended.Related?.Any(r => r.EventId == e.EventId) == true)
        {
            throw ProblemException.BadRequest("related", "an event cannot relate to itself");
        }

        amended.ApplyTo(e);
        await EventFootprints.LocateAsync(db, e, cancellationToken);
        var view = await history.ReviseAsync(EventHistory.Kind, e, new(ChangeKinds.EventAmended, command.AmendedBy, IfMatch: true), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
