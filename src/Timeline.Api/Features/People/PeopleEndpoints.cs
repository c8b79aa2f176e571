using Mediator;
using Timeline.Api.Features.Access;

namespace Timeline.Api.Features.People;

public static class PeopleEndpoints
{
    public static void MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(Policies.Admin);
        people.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListPeople(), ct)))
            .WithSummary("Everyone who has signed in with the identity provider");
        people.MapPut("/{id:guid}/role", async (Guid id, RoleBody body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ChangeRole(id, body.Role), ct)))
            .WithSummary("Set a person's role by hand (null: follow the provider's role claim)");

        // Any reader may ask whose a record is: attributions are names, each given to one key or person only.
        app.MapGet("/api/authors/{name}", async (string name, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FindAuthor(name), ct)))
            .WithTags("People").WithSummary("Who an attribution (recordedBy, updatedBy, a revision's by) names: a key or a person, by id");
    }
}
