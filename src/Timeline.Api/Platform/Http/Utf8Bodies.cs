using Microsoft.Net.Http.Headers;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// Bodies are UTF-8 (RFC 8259 requires it of JSON; imports and amendments are read as UTF-8 bytes), so a
/// <c>charset</c> naming anything else, or nothing known, is a 415 before any endpoint tries to decode it.
/// </summary>
public sealed class Utf8Bodies(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        // Only writes read a body; a GET's or DELETE's Content-Type describes nothing the API reads.
        var method = http.Request.Method;
        var contentType = http.Request.ContentType;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)) || contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || media.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) is not { } parameter)
        {
            return next(http);
        }

        // An empty charset (charset=) names nothing known either.
        var charset = parameter.Value.Value?.Trim('"') ?? "";
        if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"charset '{EchoedValue.Cut(charset)}' is not accepted; send the body as UTF-8 (charset=utf-8, or no charset)");
        }

        // Quoted ("utf-8") means the same (RFC 9110), but the framework's JSON reader does not unquote it.
        media.Charset = "utf-8";
        http.Request.ContentType = media.ToString();
        return next(http);
    }
}
