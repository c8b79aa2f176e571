using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.Api.Features.Alerts.Subscriptions;

public static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").RequireAuthorization(Policies.Reader);
        subscriptions.MapPost("/", async (Subscribe command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { CreatedBy = http.User.AnalystName(), OwnerKeyId = http.User.Owner().KeyId }, ct);
            return TypedResults.Created($"/api/subscriptions/{created.Id}", created);
        }).Answers(StatusCodes.Status409Conflict, "this Idempotency-Key already created a subscription with a webhook (whose secret is not shown again)")
          .WithSummary("Subscribe to alerts; a webhook's secret is shown once, in this answer");
        subscriptions.MapGet("/", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListSubscriptions(http.User.Owner()), ct)))
            .WithSummary("List the caller's subscriptions (an admin's: everyone's), never their secrets");
        subscriptions.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetSubscription(id, http.User.Owner()), ct)))
            .WithSummary("Read one of the caller's subscriptions");
        subscriptions.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new Unsubscribe(id, http.User.Owner()), ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a subscription");
        app.MapDeliveryEndpoints();
    }
}
