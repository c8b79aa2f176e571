using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Access;
using Timeline.Api.Http;
using Timeline.Api.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Api.Alerts;

public static class SubscriptionEndpoints
{
    public static void MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").RequireAuthorization(Policies.Editor);
        subscriptions.MapPost("/", async (Subscribe command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { CreatedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/subscriptions/{created.Id}", created);
        }).WithSummary("Subscribe to alerts; a webhook's secret is shown once, in this answer");
        subscriptions.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListSubscriptions(), ct)))
            .WithSummary("List subscriptions (never their secrets)");
        subscriptions.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
        {
            await mediator.Send(new Unsubscribe(id), ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a subscription");
        app.MapDeliveryEndpoints();
    }
}
