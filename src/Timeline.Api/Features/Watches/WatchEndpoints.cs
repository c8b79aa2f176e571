using Mediator;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Leads;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Watches;

public static class WatchEndpoints
{
    public static void MapWatchEndpoints(this IEndpointRouteBuilder app)
    {
        var watches = app.MapGroup("/api/watches").WithTags("Watches");
        watches.MapPost("/", async (RecordWatch command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var watch = await mediator.Send(command with { CreatedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/watches/{watch.Id}", watch);
        }).RequireAuthorization(Policies.Editor)
          .WithSummary("Watch a source (RSS 2.0, Atom, JSON Feed or FtM JSON lines): each new item becomes a lead");
        watches.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListWatches(), ct)))
            .WithSummary("Every watch, with when it was last checked, what it found and when it is checked next");
        watches.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetWatch(id), ct)))
            .WithSummary("Read one watch");
        watches.MapPatch("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
            CancellationToken ct) =>
        {
            var patch = await MergePatchBody.ReadAsync(http.Request, json.Value.SerializerOptions, ct);
            return TypedResults.Ok(await mediator.Send(new AmendWatch(id, patch), ct));
        }).RequireAuthorization(Policies.Editor)
          .Accepts<WatchFields>("application/merge-patch+json", "application/json")
          .Produces<WatchView>()
          .WithSummary("Amend a watch with a JSON merge patch");
        watches.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new RemoveWatch(id), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Editor)
          .WithSummary("Stop watching a source; its leads stay");
        watches.MapPost("/{id:guid}/check", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new CheckWatch(id), ct)))
            .RequireAuthorization(Policies.Editor)
            .Produces<CheckResult>()
            .WithSummary("Check a watch now: how many items were new, changed, unchanged and skipped (lastStatus says why a check failed)");
    }
}
