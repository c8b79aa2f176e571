using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Timelines;

/// <summary>The saved timelines, <c>/api/timelines</c>: list, save, read and run a named filter.</summary>
public static class TimelineEndpoints
{
    /// <summary>Paging and replay parameters for running a saved timeline; the filter comes from the timeline.</summary>
    public sealed record RunParameters(string? AsOf, string? Order, string? Limit, string? Cursor);

    public static void MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        var timelines = app.MapGroup("/api/timelines").WithTags("Saved timelines");
        timelines.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListTimelines(), ct)))
            .WithSummary("List saved timelines");
        timelines.MapPost("/", async (SaveTimeline command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var saved = await mediator.Send(command with { CreatedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/timelines/{saved.Slug}", saved);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "a timeline with this slug exists")
          .WithSummary("Save a named timeline (a filter)");
        timelines.MapGet("/{slug}", async (string slug, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetTimeline(slug), ct))).WithSummary("Read a saved timeline");
        timelines.MapGet("/{slug}/events", async (string slug, [AsParameters] RunParameters run, IMediator mediator, CancellationToken ct) =>
        {
            var timeline = await mediator.Send(new GetTimeline(slug), ct);
            var query = TimelineQuery.Of(timeline.Filter) with { AsOf = run.AsOf, Order = run.Order, Limit = run.Limit, Cursor = run.Cursor, AsAnswer = true };
            return (await mediator.Send(query, ct)).ToResult();
        }).TakesOnlyQueryOf<RunParameters>().Produces<TimelinePage>().WithSummary("Run a saved timeline");
    }
}
