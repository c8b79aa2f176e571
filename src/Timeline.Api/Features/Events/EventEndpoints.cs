using Mediator;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Events.Import;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Events;

public static class EventEndpoints
{
    public sealed record RetractionRequest(string? Reason);

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/events").WithTags("Events");
        events.MapImportEvents();

        events.MapPost("/", async (RecordEvent command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var recorded = await mediator.Send(command with { RecordedBy = http.User.AnalystName() }, ct);
            http.Response.Headers.ETag = recorded.ETag;
            return TypedResults.Created($"/api/events/{recorded.Id}", recorded);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "a follow-up named in fulfils is neither open nor overdue")
          .WithSummary("Record an event").WithDescription(Platform.Hosting.ApiDescriptions.Designations);

        events.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var e = await mediator.Send(new GetEvent(id), ct);
            http.Response.Headers.ETag = e.ETag;
            return TypedResults.Ok(e);
        }).WithSummary("Read one event");

        events.MapPatch("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            var expected = IfMatch.ExpectedVersion(http.Request.Headers.IfMatch.ToString(), "event");
            var patch = await MergePatchBody.ReadAsync(http.Request, json.Value.SerializerOptions, ct);
            var amended = await mediator.Send(new AmendEvent(id, patch, expected, http.User.AnalystName()), ct);
            http.Response.Headers.ETag = amended.ETag;
            return TypedResults.Ok(amended);
        }).RequireAuthorization(Policies.Editor)
          .Accepts<EventFields>("application/merge-patch+json", "application/json")
          .Produces<EventView>()
          .RequiresIfMatch()
          .Answers(StatusCodes.Status409Conflict, "the event is retracted, and a retracted event cannot be amended")
          .WithSummary("Amend an event with a JSON merge patch; If-Match with its ETag is required");

        events.MapPost("/{id:guid}/retraction", async (Guid id, RetractionRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            // If-Match is optional here: with it, retracting a version other than the one read is a 412.
            var ifMatch = http.Request.Headers.IfMatch.ToString();
            int? expected = string.IsNullOrWhiteSpace(ifMatch) ? null : IfMatch.ExpectedVersion(ifMatch, "event");
            var retracted = await mediator.Send(new RetractEvent(id, body.Reason, http.User.AnalystName(), expected), ct);
            http.Response.Headers.ETag = retracted.ETag;
            return TypedResults.Ok(retracted);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "the event is already retracted, or it changed while it was being retracted")
          .Answers(StatusCodes.Status412PreconditionFailed, "If-Match was given and the event has changed since")
          .WithSummary("Retract an event with a reason; it stays on record (If-Match optional)");

        events.MapGet("/{id:guid}/revisions", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListRevisions(id), ct)))
            .WithSummary("Every version of an event, who made it and when");
    }
}
