using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Leads;

public static class LeadEndpoints
{
    public sealed record AttachmentRequest(Guid? EventId);

    public sealed record DismissalRequest(string? Reason);

    public static void MapLeadEndpoints(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads").WithTags("Leads");
        leads.MapGet("/", async ([AsParameters] ListLeads query, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary("Leads, newest first, keyset-paged: by status, watch, actor and words; each with the events it may duplicate");
        leads.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetLead(id), ct)))
            .WithSummary("One lead, with its earlier texts (previous) when its item changed");
        leads.MapPost("/{id:guid}/acceptance", async (Guid id, AcceptLead command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var recorded = await mediator.Send(command with { Id = id, AcceptedBy = http.User.AnalystName() }, ct);
            http.Response.Headers.ETag = recorded.ETag;
            return TypedResults.Created($"/api/events/{recorded.Id}", recorded);
        }).RequireAuthorization(Policies.Editor)
          .Produces<EventView>(StatusCodes.Status201Created)
          .Answers(StatusCodes.Status409Conflict, "the lead was already triaged")
          .WithSummary("Record a lead as an event: occurred and type required; title, summary, actors and sources default to the lead's");
        leads.MapPost("/{id:guid}/attachment", async (Guid id, AttachmentRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new AttachLead(id, body.EventId, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the lead was already triaged, has no link, or the event is retracted")
            .WithSummary("Add a lead to an event as a further source (an amendment of the event)");
        leads.MapPost("/{id:guid}/dismissal", async (Guid id, DismissalRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new DismissLead(id, body.Reason, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the lead was already triaged")
            .WithSummary("Dismiss a lead with a reason");
    }
}
