using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.FollowUps;

public static class FollowUpEndpoints
{
    public sealed record FollowUpRequest(string? Description, string? Due);
    public sealed record FulfilmentRequest(Guid? EventId);
    public sealed record CancellationRequest(string? Reason);

    public static void MapFollowUpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events/{id:guid}/follow-ups", async (Guid id, FollowUpRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var followUp = await mediator.Send(new ExpectFollowUp(id, body.Description, body.Due, http.User.AnalystName()), ct);
            return TypedResults.Created($"/api/follow-ups/{followUp.Id}", followUp);
        }).RequireAuthorization(Policies.Editor).WithTags("Follow-ups").WithSummary("Expect a development after an event, by a due date");

        var followUps = app.MapGroup("/api/follow-ups").WithTags("Follow-ups");
        followUps.MapGet("/", async (string? status, Guid? eventId, string? limit, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListFollowUps(status, eventId, limit), ct)))
            .WithSummary("Follow-ups by status (open, fulfilled, overdue, cancelled; comma-separated), soonest due first");
        followUps.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetFollowUp(id), ct))).WithSummary("Read one follow-up");
        followUps.MapPost("/{id:guid}/fulfilment", async (Guid id, FulfilmentRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new FulfilFollowUp(id, body.EventId, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the follow-up is neither open nor overdue")
            .WithSummary("Fulfil a follow-up with a later event");
        followUps.MapPost("/{id:guid}/cancellation", async (Guid id, CancellationRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new CancelFollowUp(id, body.Reason, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the follow-up is already fulfilled or cancelled")
            .WithSummary("Cancel a follow-up with a reason");
    }
}
