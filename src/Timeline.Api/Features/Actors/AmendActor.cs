using System.Text.Json.Nodes;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Amend an actor with a JSON merge patch (RFC 7396) of its writable members, at the version the client read.</summary>
public sealed record AmendActor(string Code, JsonObject Patch, int ExpectedVersion, string AmendedBy) : ICommand<ActorView>;

/// <summary>The same rules as recording, applied to the actor as the patch leaves it; its code stays.</summary>
public sealed class AmendedActorValidator : ActorRules<ActorFields>;

public sealed class AmendActorHandler(TimelineDbContext db, History history, AmendedActorValidator validator,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ICommandHandler<AmendActor, ActorView>
{
    public async ValueTask<ActorView> Handle(AmendActor command, CancellationToken cancellationToken)
    {
        var actor = await db.Actors.Include(a => a.Identifiers).Include(a => a.Names).SingleOrDefaultAsync(a => a.Code == command.Code, cancellationToken)
            ?? throw ProblemException.NotFound($"actor {EchoedValue.Cut(command.Code)}");
        if (actor.Version != command.ExpectedVersion)
        {
            throw ProblemException.PreconditionFailed(actor.Version, "actor");
        }

        var amended = MergePatch.Amend(ActorFields.Of(actor), command.Patch, json.Value.SerializerOptions);

        await validator.ValidateAndThrowAsync(amended, cancellationToken);
        await ActorFields.CheckClashesAsync(db, actor.Code, amended.NormalizedIdentifiers(actor.Code), cancellationToken);
        amended.ApplyTo(actor);
        var view = await history.ReviseAsync(ActorHistory.Kind, actor, new(ChangeKinds.ActorAmended, command.AmendedBy, IfMatch: true), cancellationToken);
        await ActorFields.SaveAsync(db, actor.Code, cancellationToken);
        return view;
    }
}
