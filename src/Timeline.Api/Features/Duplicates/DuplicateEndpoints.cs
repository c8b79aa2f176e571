using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Duplicates;

public static class DuplicateEndpoints
{
    public sealed record OtherEvent(Guid? EventId);

    public static void MapDuplicateEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/events").WithTags("Events");
        events.MapPost("/possible-duplicates", async (FindPossibleDuplicates body, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(body, ct)))
            .WithSummary("What an event body about to be recorded may duplicate, best first, at most 10, with the reasons in words");
        events.MapGet("/{id:guid}/possible-duplicates", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListPossibleDuplicates(id), ct)))
            .WithSummary("What a recorded event may duplicate, best first, at most 10");
        events.MapPost("/{id:guid}/distinct-from", async (Guid id, OtherEvent body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new MarkDistinct(id, body.EventId, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .WithSummary("Two events are not the same: neither is suggested as the other's duplicate again");
        events.MapPost("/{id:guid}/duplicate-of", async (Guid id, OtherEvent body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var retracted = await mediator.Send(new MarkDuplicate(id, body.EventId, http.User.AnalystName()), ct);
            http.Response.Headers.ETag = retracted.ETag;
            return TypedResults.Ok(retracted);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "either event is already retracted")
          .WithSummary("The event duplicates another: retracted as its duplicate, its sources added to the one kept, both related as duplicates");
    }
}
