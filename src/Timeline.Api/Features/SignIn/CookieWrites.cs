using Microsoft.AspNetCore.Antiforgery;
using Timeline.Api.Features.Access;

namespace Timeline.Api.Features.SignIn;

/// <summary>
/// A write authenticated by the session cookie must carry the page's anti-forgery header (its token from <c>GET
/// /api/me</c>): a browser sends the cookie with a form posted from anywhere, but only the page can read the token. A
/// write with an API key carries no cookie and is not concerned.
/// </summary>
public sealed class CookieWrites(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: SignInSetup.CookieScheme }
            && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Timeline.SignIn")
                    .LogWarning("A write with the session cookie came without the page's anti-forgery header: refused");
                await ApiKeyAuthentication.WriteProblem(http, http.RequestServices.GetRequiredService<IProblemDetailsService>(),
                    StatusCodes.Status403Forbidden, "Forbidden",
                    $"a write signed in with the session cookie needs the page's {SignInSetup.AntiforgeryHeader} header; scripts use an API key");
                return;
            }
        }

        await next(http);
    }
}

public static class CookieWritesSetup
{
    /// <summary>Runs <paramref name="configure"/>'s middleware only when sign-in with a provider is configured.</summary>
    public static IApplicationBuilder UseWhenSignInIsOn(this IApplicationBuilder app, Action<IApplicationBuilder> configure)
    {
        if (app.ApplicationServices.GetRequiredService<OidcOptions>().Enabled)
        {
            configure(app);
        }

        return app;
    }
}
