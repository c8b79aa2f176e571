namespace Timeline.Api.Http;

/// <summary>
/// Headers every answer carries, set as it starts (so the exception handler's answers carry them too). The page's
/// Content-Security-Policy is the one its &lt;meta&gt; tag states, plus <c>frame-ancestors 'none'</c>, which only a header
/// can say: no other site may frame the page. The API reference (/docs) and the job dashboard (/hangfire) are pages of
/// their own libraries, with inline scripts and styles, so they get only the framing rule.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    public const string LibraryPagePolicy = "base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>A year: browsers then use HTTPS only for this host. Sent only on HTTPS answers, as RFC 6797 requires.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") || http.Request.Path.StartsWithSegments("/hangfire")
                ? LibraryPagePolicy
                : PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next(http);
    }
}
