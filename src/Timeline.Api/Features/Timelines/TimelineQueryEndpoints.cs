using Mediator;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Timelines;

/// <summary><c>GET /api/timeline</c>: the chronological timeline itself, apart from the saved timelines under <c>/api/timelines</c>.</summary>
public static class TimelineQueryEndpoints
{
    public static void MapTimelineQueryEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/timeline", async ([AsParameters] TimelineQuery query, IMediator mediator, CancellationToken ct) =>
            (await mediator.Send(query with { AsAnswer = true }, ct)).ToResult())
            .TakesOnlyQueryOf<TimelineQuery>()
            .Produces<TimelinePage>()
            .WithTags("Timeline").WithSummary("The chronological timeline: filtered, keyset-paged, optionally as recorded at an instant")
            .WithDescription(Platform.Hosting.ApiDescriptions.Timeline);
}
