using Mediator;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Access;

/// <summary>The key a request came with, as <c>GET /api/me</c> tells it.</summary>
public sealed record Caller(Guid Id, string Name, string Role);

public static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        // Any key may ask who it is: the page shows its role and offers what the role allows.
        app.MapGet("/api/me", (HttpContext http) => TypedResults.Ok(new Caller(http.User.Owner().KeyId, http.User.AnalystName(),
                http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "")))
            .WithTags("Keys").WithSummary("The calling key: its id, name and role");
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);
        keys.MapPost("/", async (CreateKey command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command, ct);
            return TypedResults.Created($"/api/keys/{created.Id}", created);
        }).Answers(StatusCodes.Status409Conflict, "a key with this name exists, or this Idempotency-Key already created a key (whose secret is not shown again)")
          .WithSummary("Create an API key; the key is shown once");
        keys.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListKeys(), ct)))
            .WithSummary("List the active API keys (never their secrets)");
        keys.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetKey(id), ct)))
            .WithSummary("Read one active API key (never its secret)");
                keys.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, KnownKeys known, OpenStreams streams, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeKey(id), ct);
            // Committed now. Forgotten here at once, rather than when the notification comes back: forgotten before the
            // commit, a request in between would find the key still valid and cache it again.
            known.Forget(id);
            streams.Revoked(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke an API key");
    }
}
