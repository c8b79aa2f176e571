using FluentValidation;
using Mediator;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Core.Actors;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Record an actor; its first revision and its change-log entry are written with it.</summary>
public sealed record RecordActor : ActorFields, ICommand<ActorView>
{
    /// <summary>The stable handle events name it by: ISO 3166-1 alpha-2 for states (KP), upper-case codes for others (UN, CHON-MA-SAN).</summary>
    public string? Code { get; init; }

    /// <summary>The API key's name; set by the endpoint, never by the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string RecordedBy { get; init; } = "";
}

public sealed class RecordActorValidator : ActorRules<RecordActor>
{
    public RecordActorValidator()
    {
        RuleFor(x => x.Code).NotEmpty().Matches(EventRules<EventFields>.ActorPattern)
            .WithMessage("an actor code is 2–64 upper-case letters, digits or '-': ISO 3166-1 alpha-2 for states (KP), short codes for others (UN)");
        RuleFor(x => x.Code).Must(ActorFields.IsStateCode).When(x => x.Kind == Actor.State)
            .WithMessage("a state's code is its ISO 3166-1 alpha-2 code, e.g. KP");
    }
}

public sealed class RecordActorHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordActor, ActorView>
{
    public async ValueTask<ActorView> Handle(RecordActor command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = new Actor { Code = command.Code!, RecordedAt = now, UpdatedAt = now, UpdatedBy = command.RecordedBy, Version = 1 };
        await ActorFields.CheckClashesAsync(db, actor.Code, command.NormalizedIdentifiers(actor.Code), cancellationToken);
        command.ApplyTo(actor);
        var view = await history.RecordAsync(ActorHistory.Kind, actor, ChangeKinds.ActorRecorded, cancellationToken);
        await ActorFields.SaveAsync(db, actor.Code, cancellationToken);
        return view;
    }
}
