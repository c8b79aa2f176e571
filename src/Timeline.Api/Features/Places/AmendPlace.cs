using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Places;

/// <summary>Amend a place with a JSON merge patch (RFC 7396) of its writable members, at the version the client read.</summary>
public sealed record AmendPlace(string Code, JsonObject Patch, int ExpectedVersion, string AmendedBy) : ICommand<PlaceView>;

/// <summary>The same rules as recording, applied to the place as the patch leaves it; its code stays.</summary>
public sealed class AmendedPlaceValidator : PlaceRules<PlaceFields>;

public sealed class AmendPlaceHandler(TimelineDbContext db, History history, AmendedPlaceValidator validator,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ICommandHandler<AmendPlace, PlaceView>
{
    public async ValueTask<PlaceView> Handle(AmendPlace command, CancellationToken cancellationToken)
    {
        var place = await db.Places.Include(p => p.Names).SingleOrDefaultAsync(p => p.Code == command.Code, cancellationToken)
            ?? throw ProblemException.NotFound($"place {EchoedValue.Cut(command.Code)}");
        if (place.Version != command.ExpectedVersion)
        {
            throw ProblemException.PreconditionFailed(place.Version, "place");
        }

        var amended = MergePatch.Amend(PlaceFields.Of(place), command.Patch, json.Value.SerializerOptions);
        await validator.ValidateAndThrowAsync(amended, cancellationToken);
        amended.ApplyTo(place);
        var view = await history.ReviseAsync(PlaceHistory.Kind, place, new(ChangeKinds.PlaceAmended, command.AmendedBy, IfMatch: true), cancellationToken);
        // The events placed there are found where the place now is; their revisions keep where it was then.
        await EventFootprints.RelocateEventsAtAsync(db, place, cancellationToken);
        await PlaceFields.SaveAsync(db, place.Code, cancellationToken);
        return view;
    }
}
