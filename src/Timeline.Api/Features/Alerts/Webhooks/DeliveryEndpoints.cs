using Hangfire;
using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Alerts.Webhooks;

public static class DeliveryEndpoints
{
    public static void MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/api/subscriptions/{id:guid}/deliveries").WithTags("Subscriptions").RequireAuthorization(Policies.Reader);
        deliveries.MapGet("/", async (Guid id, int? limit, string? cursor, HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListDeliveries(id, limit, cursor, http.User.Owner()), ct)))
            .WithSummary("A subscription's delivery log: every webhook attempt, newest first, cursor-paged");
        deliveries.MapPost("/{deliveryId:guid}/redelivery", async (Guid id, Guid deliveryId, HttpContext http, IMediator mediator,
                IBackgroundJobClient jobs, CancellationToken ct) =>
            {
                var redelivery = await mediator.Send(new RedeliverWebhook(id, deliveryId, http.User.Owner()), ct);
                // Committed: start a delivery now rather than at the recurring job's next turn.
                jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
                return TypedResults.Accepted($"/api/subscriptions/{id}/deliveries", redelivery);
            })
            .Answers(StatusCodes.Status409Conflict, "the subscription is disabled, so nothing can be delivered to it")
            .WithSummary("Send a delivery's alert again, with the same webhook-id");
    }
}
