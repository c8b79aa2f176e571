using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// Headers every answer carries, set as it starts (so the exception handler's answers carry them too). The page's
/// Content-Security-Policy is the one its &lt;meta&gt; tag states, plus <c>frame-ancestors 'none'</c>, which only a header
/// can say: no other site may frame the page. The API reference (/docs) and the job dashboard (/hangfire) are pages of
/// their own libraries, on the page's origin (where "remember me" keeps a key): they run their own scripts and the
/// inline ones they were served with, named by hash, and nothing else.
/// </summary>
public sealed partial class SecurityHeaders(RequestDelegate next, Microsoft.Extensions.Options.IOptions<Hosting.MapOptions> map)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>The page's images: its own, and the map's tile server when <c>Timeline:Map:TileUrl</c> names one.</summary>
    private const string PageImages = "img-src 'self' data:";

    private readonly string? tiles = map.Value.TileSource();

    /// <summary>The libraries' pages: their own scripts and, added per answer, the hashes of the inline scripts they sent.</summary>
    public static string LibraryPagePolicy(string inlineHashes) =>
        $"default-src 'self'; script-src 'self'{inlineHashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>A year: browsers then use HTTPS only for this host. Sent only on HTTPS answers, as RFC 6797 requires.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public async Task InvokeAsync(HttpContext http)
    {
        var library = http.Request.Path.StartsWithSegments("/docs") || http.Request.Path.StartsWithSegments("/hangfire");
        // With a tile server, the page's own <meta> policy names it too (both policies apply): the page is rewritten as it goes out.
        var tiledPage = tiles is not null && (http.Request.Path == "/" || http.Request.Path == "/index.html");
        var inlineHashes = "";
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = library ? LibraryPagePolicy(inlineHashes)
                : tiles is null ? PagePolicy : PagePolicy.Replace(PageImages, $"{PageImages} {tiles}", StringComparison.Ordinal);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });

        if (!library && !tiledPage)
        {
            await next(http);
            return;
        }

        // The libraries' pages are small: held until written, so that their inline scripts can be hashed into the policy.
        var original = http.Response.Body;
        await using var held = new MemoryStream();
        http.Response.Body = held;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        if (library && http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            inlineHashes = HashesOf(Encoding.UTF8.GetString(held.GetBuffer(), 0, (int)held.Length));
        }

        if (tiledPage && http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var page = Encoding.UTF8.GetString(held.GetBuffer(), 0, (int)held.Length).Replace(PageImages, $"{PageImages} {tiles}", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(page);
            http.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, http.RequestAborted);
            return;
        }

        held.Position = 0;
        await held.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>The CSP hash sources (<c>'sha256-…'</c>) of every inline script in an HTML page.</summary>
    public static string HashesOf(string html) => string.Concat(InlineScript().Matches(html)
        .Select(m => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
        .Distinct());

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
