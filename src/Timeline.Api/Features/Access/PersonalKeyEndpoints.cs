using Mediator;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Access;

/// <summary>
/// A person signed in with the identity provider mints personal keys (for scripts of their own), up to their role, and
/// lists and revokes them; a key's records carry the key's name, and the key shows whose it is.
/// </summary>
public static class PersonalKeyEndpoints
{
    public static void MapPersonalKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/me/keys").WithTags("Keys").RequireAuthorization(Policies.Reader);
        keys.MapPost("/", async (CreateKey command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { For = PersonOf(http) }, ct);
            return TypedResults.Created($"/api/me/keys/{created.Id}", created);
        }).Answers(StatusCodes.Status409Conflict, "a key or person has (or had) this name, or this Idempotency-Key already created a key")
          .WithSummary("Mint a personal API key, up to your own role; the key is shown once");
        keys.MapGet("/", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListKeys(PersonOf(http).Person), ct)))
            .WithSummary("Your personal API keys (never their secrets)");
        keys.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, KnownKeys known, OpenStreams streams, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeKey(id, PersonOf(http).Person), ct);
            known.Forget(id);
            streams.Revoked(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke one of your personal API keys");
    }

    private static KeyHolder PersonOf(HttpContext http) =>
        http.User.PersonId() is { } person
            ? new KeyHolder(person, http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "")
            : throw new ProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                "personal keys are minted by a person signed in with the identity provider; an admin mints keys at /api/keys");
}

/// <summary>A signed-in person minting or managing their own keys, with their role (the most a key of theirs may have).</summary>
public sealed record KeyHolder(Guid Person, string Role);
