using Mediator;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Places;

public static class PlaceEndpoints
{
    public static void MapPlaceEndpoints(this IEndpointRouteBuilder app)
    {
        var places = app.MapGroup("/api/places").WithTags("Places");
        places.MapGet("/", async ([AsParameters] ListPlaces query, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct)))
            .TakesOnlyQueryOf<ListPlaces>()
            .WithSummary("List places by code; q finds them by any of their names (name keys, as for actors), best first");
        places.MapPost("/", async (RecordPlace command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var place = await mediator.Send(command with { RecordedBy = http.User.AnalystName() }, ct);
            http.Response.Headers.ETag = place.ETag;
            return TypedResults.Created($"/api/places/{place.Code}", place);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "a place with this code exists, or one of the identifiers is another place's")
          .WithSummary("Record a place: a point [longitude, latitude], an area (GeoJSON Polygon, MultiPolygon or LineString), or both");
        places.MapGet("/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var place = await mediator.Send(new GetPlace(code), ct);
            http.Response.Headers.ETag = place.ETag;
            return TypedResults.Ok(place);
        }).WithSummary("Read one place");
        places.MapPatch("/{code}", async (string code, HttpContext http, IMediator mediator, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            var expected = IfMatch.ExpectedVersion(http.Request.Headers.IfMatch.ToString(), "place");
            var patch = await MergePatchBody.ReadAsync(http.Request, json.Value.SerializerOptions, ct);
            var amended = await mediator.Send(new AmendPlace(code, patch, expected, http.User.AnalystName()), ct);
            http.Response.Headers.ETag = amended.ETag;
            return TypedResults.Ok(amended);
        }).RequireAuthorization(Policies.Editor)
          .RequiresIfMatch()
          .Answers(StatusCodes.Status409Conflict, "one of the identifiers is another place's")
          .Accepts<PlaceFields>("application/merge-patch+json", "application/json")
          .Produces<PlaceView>()
          .WithSummary("Amend a place with a JSON merge patch; the events placed there move with it. If-Match with its ETag is required");
        places.MapGet("/{code}/revisions", async (string code, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListPlaceRevisions(code), ct)))
            .WithSummary("Every version of a place, who made it and when");
    }
}
