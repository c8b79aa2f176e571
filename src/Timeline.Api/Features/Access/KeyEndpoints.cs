using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Timeline.Api.Features.Audit;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Access;

/// <summary>
/// Who a request comes from, as <c>GET /api/me</c> tells it: a key (<c>kind</c> "key", its id) or a signed-in person
/// (<c>kind</c> "person", the person's id), with the name their records carry and their role. A person's page also gets
/// the anti-forgery token its writes send back (<see cref="SignIn.SignInSetup.AntiforgeryHeader"/>).
/// </summary>
public sealed record Caller(Guid Id, string Name, string Role, string Kind, string? Antiforgery);

public static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        // Any key may ask who it is: the page shows its role and offers what the role allows.
        app.MapGet("/api/me", (HttpContext http) =>
            {
                var role = http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "";
                return TypedResults.Ok(http.User.PersonId() is { } person
                    ? new Caller(person, http.User.AnalystName(), role, "person",
                        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken)
                    : new Caller(http.User.Owner().KeyId, http.User.AnalystName(), role, "key", null));
            })
            .WithTags("Keys").WithSummary("Who is calling: a key or a signed-in person, with their id, name and role");
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);
        keys.MapPost("/", async (CreateKey command, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { For = null }, ct);
            return TypedResults.Created($"/api/keys/{created.Id}", created);
        }).Answers(StatusCodes.Status409Conflict, "a key with this name exists, or this Idempotency-Key already created a key (whose secret is not shown again)")
          .WithSummary("Create an API key; the key is shown once");
        keys.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListKeys(), ct)))
            .WithSummary("List the active API keys (never their secrets)");
        keys.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetKey(id), ct)))
            .WithSummary("Read one active API key (never its secret)");
        keys.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, KnownKeys known, OpenStreams streams, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeKey(id, null), ct);
            // Committed now. Forgotten here at once, rather than when the notification comes back: forgotten before the
            // commit, a request in between would find the key still valid and cache it again.
            known.Forget(id);
            streams.Revoked(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke an API key");
    }
}
