using Mediator;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Actors;

public static class ActorEndpoints
{
    public static void MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        var actors = app.MapGroup("/api/actors").WithTags("Actors");
        actors.MapGet("/", async ([AsParameters] ListActors query, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct)))
            .TakesOnlyQueryOf<ListActors>()
            .WithSummary("List actors by code, keyset-paged; q finds them by name, alias or code words, or by an identifier (imo:9179842)");
        actors.MapPost("/", async (RecordActor command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var actor = await mediator.Send(command with { RecordedBy = http.User.AnalystName() }, ct);
            http.Response.Headers.ETag = actor.ETag;
            return TypedResults.Created($"/api/actors/{actor.Code}", actor);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "an actor with this code exists, or one of the identifiers is another actor's")
          .WithSummary("Record an actor, with its aliases and identifiers (each unique across actors: a clash is a 409)")
          .WithDescription(Platform.Hosting.ApiDescriptions.Entities);
        actors.MapGet("/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var actor = await mediator.Send(new GetActor(code), ct);
            http.Response.Headers.ETag = actor.ETag;
            return TypedResults.Ok(actor);
        }).WithSummary("Read one actor");
        actors.MapPatch("/{code}", async (string code, HttpContext http, IMediator mediator, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            var expected = IfMatch.ExpectedVersion(http.Request.Headers.IfMatch.ToString(), "actor");
            var patch = await MergePatchBody.ReadAsync(http.Request, json.Value.SerializerOptions, ct);
            var amended = await mediator.Send(new AmendActor(code, patch, expected, http.User.AnalystName()), ct);
            http.Response.Headers.ETag = amended.ETag;
            return TypedResults.Ok(amended);
        }).RequireAuthorization(Policies.Editor)
          .RequiresIfMatch()
          .Answers(StatusCodes.Status409Conflict, "one of the identifiers is another actor's")
          .Accepts<ActorFields>("application/merge-patch+json", "application/json")
          .Produces<ActorView>()
          .WithSummary("Amend an actor with a JSON merge patch ({\"identifiers\": {\"imo\": null}} removes one); If-Match with its ETag is required");
        actors.MapGet("/{code}/revisions", async (string code, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListActorRevisions(code), ct)))
            .WithSummary("Every version of an actor, who made it and when");
    }
}
