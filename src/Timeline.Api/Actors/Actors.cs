using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Access;
using Timeline.Api.Changes;
using Timeline.Api.Events;
using Timeline.Api.Http;
using Timeline.Core.Actors;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Api.Hosting.OpenApi;

namespace Timeline.Api.Actors;

public sealed record ActorView(string Code, string Name, string Kind, string[] Aliases);

public sealed record RecordActor(string? Code, string? Name, string? Kind, string[]? Aliases) : ICommand<ActorView>;

public sealed class RecordActorValidator : AbstractValidator<RecordActor>
{
    public RecordActorValidator()
    {
        RuleFor(x => x.Code).NotEmpty().Matches(EventRules<EventFields>.ActorPattern)
            .WithMessage("an actor code is 2–16 upper-case letters or digits: ISO 3166-1 alpha-2 for states (KP), short codes for others (UN)");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Kind).Must(k => Actor.Kinds.Contains(k)).WithMessage($"kind must be one of {string.Join(", ", Actor.Kinds)}");
        RuleFor(x => x.Aliases).Must(a => a!.Length <= 20).When(x => x.Aliases is not null).WithMessage("at most 20 aliases");
        RuleForEach(x => x.Aliases).NotEmpty().MaximumLength(200);
    }
}

public sealed class RecordActorHandler(TimelineDbContext db, TimeProvider clock, ChangeEntries changes) : ICommandHandler<RecordActor, ActorView>
{
    public async ValueTask<ActorView> Handle(RecordActor command, CancellationToken cancellationToken)
    {
        var actor = new Actor
        {
            Code = command.Code!,
            Name = command.Name!.Trim(),
            Kind = command.Kind!,
            Aliases = command.Aliases ?? [],
            RecordedAt = clock.GetUtcNow(),
        };
        db.Actors.Add(actor);
        var view = new ActorView(actor.Code, actor.Name, actor.Kind, actor.Aliases);
        db.Changes.Add(changes.Actor(ChangeKinds.ActorRecorded, view, actor.RecordedAt));
        await db.SaveNewAsync($"actor {command.Code} already exists", cancellationToken);
        return view;
    }
}

public sealed record ListActors : IQuery<IReadOnlyList<ActorView>>;

public sealed class ListActorsHandler(TimelineDbContext db) : IQueryHandler<ListActors, IReadOnlyList<ActorView>>
{
    public async ValueTask<IReadOnlyList<ActorView>> Handle(ListActors query, CancellationToken cancellationToken) =>
        await db.Actors.AsNoTracking().OrderBy(a => a.Code)
            .Select(a => new ActorView(a.Code, a.Name, a.Kind, a.Aliases)).ToListAsync(cancellationToken);
}

public sealed record GetActor(string Code) : IQuery<ActorView>;

public sealed class GetActorHandler(TimelineDbContext db) : IQueryHandler<GetActor, ActorView>
{
    public async ValueTask<ActorView> Handle(GetActor query, CancellationToken cancellationToken) =>
        await db.Actors.AsNoTracking().Where(a => a.Code == query.Code)
            .Select(a => new ActorView(a.Code, a.Name, a.Kind, a.Aliases)).SingleOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound($"actor {EchoedValue.Cut(query.Code)}");
}

public static class ActorEndpoints
{
    public static void MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        var actors = app.MapGroup("/api/actors").WithTags("Actors");
        actors.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListActors(), ct)))
            .WithSummary("List actors");
        actors.MapPost("/", async (RecordActor command, IMediator mediator, CancellationToken ct) =>
        {
            var actor = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/actors/{actor.Code}", actor);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "an actor with this code exists")
          .WithSummary("Record an actor");
        actors.MapGet("/{code}", async (string code, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetActor(code), ct))).WithSummary("Read one actor");
    }
}
