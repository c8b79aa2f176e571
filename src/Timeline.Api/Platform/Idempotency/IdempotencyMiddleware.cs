using System.Security.Claims;

using Timeline.Api.Platform.Http;

namespace Timeline.Api.Platform.Idempotency;

/// <summary>Reads the <c>Idempotency-Key</c> of a POST and fingerprints the request for <see cref="IdempotencyBehaviour{TMessage,TResponse}"/>.</summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    /// <summary>On an answer given again for a repeated key: the first answer's status and body, not a new write.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext http, IdempotencyContext context)
    {
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.TryGetValue(Header, out var values)
            && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } caller)
        {
            var key = values.ToString();
            if (key.Length is 0 or > 200)
            {
                throw ProblemException.BadRequest(Header, "must be 1 to 200 characters");
            }

            if (http.GetEndpoint()?.Metadata.GetMetadata<ReceivesItsOwnBody>() is not null)
            {
                // Such an endpoint receives the body within its own limits (size, rate, time, how many at once) and
                // fingerprints what it received: buffered here, it would escape every one of them.
                context.Set(key, caller, requestHash: null);
            }
            else
            {
                // Buffered (to disk past a small size) so the endpoint reads it again; hashed as it streams by.
                http.Request.EnableBuffering();
                var fingerprint = await IdempotencyContext.FingerprintAsync(http.Request.Method, IdempotencyContext.PathOf(http), http.Request.Body,
                    http.RequestAborted);
                http.Request.Body.Position = 0;
                context.Set(key, caller, fingerprint);
            }

            http.Response.OnStarting(() =>
            {
                if (context.Replayed)
                {
                    http.Response.Headers[ReplayedHeader] = "true";
                }

                return Task.CompletedTask;
            });
        }

        await next(http);
    }
}

/// <summary>
/// Endpoint metadata: the endpoint receives its body itself, within limits of its own, and gives the
/// <see cref="IdempotencyContext"/> the body's fingerprint before it sends its command.
/// </summary>
public sealed class ReceivesItsOwnBody;
