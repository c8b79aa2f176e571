using FluentValidation;
using Mediator;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Core.Access;

namespace Timeline.Api.Features.Access;

public static class FeedTokenEndpoints
{
    public static IQueryable<FeedToken> OwnedBy(this IQueryable<FeedToken> tokens, Owner owner) =>
        owner.Admin ? tokens : tokens.Where(t => t.KeyId == owner.KeyId);

    public static void MapFeedTokenEndpoints(this IEndpointRouteBuilder app)
    {
        // Any key may mint: a reader is who subscribes to feeds.
        var tokens = app.MapGroup("/api/feed-tokens").WithTags("Feed tokens").RequireAuthorization(Policies.Reader);
        tokens.MapPost("/", async (MintFeedToken command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var created = await mediator.Send(command with { OwnerKeyId = http.User.Owner().KeyId }, ct);
            return TypedResults.Created((string?)null, created);
        }).Answers(StatusCodes.Status409Conflict,
              $"the key holds as many feed tokens as {FeedTokenLimits.Setting} allows (the problem's limit names it), " +
              "or this Idempotency-Key already minted a token (which is not shown again)")
          .WithSummary("Mint a feed token, for ?token= on one saved timeline's Atom feed (scope timeline:<slug>), the follow-ups " +
              "calendar (scope calendar), or, without a scope, every feed and the calendar; the token is shown once");
        tokens.MapGet("/", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListFeedTokens(http.User.Owner()), ct)))
            .WithSummary("List the caller's active feed tokens (an admin's: everyone's), never the tokens themselves");
        tokens.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, KnownKeys known, CancellationToken ct) =>
        {
            await mediator.Send(new RevokeFeedToken(id, http.User.Owner()), ct);
            // Committed: forgotten here at once; other instances forget it when the notification comes.
            known.Forget(id);
            return TypedResults.NoContent();
        }).WithSummary("Revoke a feed token: it stops working at once");
    }
}
