using System.Security.Claims;
using Timeline.Api.Pipeline;

namespace Timeline.Api.Http;

/// <summary>Reads the <c>Idempotency-Key</c> of a POST and fingerprints the request for <see cref="IdempotencyBehaviour{TMessage,TResponse}"/>.</summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

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

            http.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            http.Request.Body.Position = 0;
            var path = http.Request.Path + http.Request.QueryString;
            context.Set(key, caller, IdempotencyContext.Fingerprint(http.Request.Method, path, buffer.ToArray()));
        }

        await next(http);
    }
}
