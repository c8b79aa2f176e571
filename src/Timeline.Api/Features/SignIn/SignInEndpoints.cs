using System.Net;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Timeline.Api.Features.Audit;

namespace Timeline.Api.Features.SignIn;

/// <summary>What the sign-in page needs to know: whether to offer the provider's button, its words, and the role claim it reads.</summary>
public sealed record SignInChoices(string? Provider, string? RoleClaim);

public static class SignInEndpoints
{
    /// <summary>The page's own sign-in steps (browser navigations and the page's calls), described in docs/SIGN-IN.md rather than the API reference.</summary>
    public static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        // Read by the page before anyone signs in; it says only whether there is a provider and what the button says.
        app.MapGet("/signin/options", (OidcOptions options) => TypedResults.Ok(options.Enabled
                ? new SignInChoices(options.DisplayName, string.IsNullOrWhiteSpace(options.RoleClaim) ? null : options.RoleClaim)
                : new SignInChoices(null, null)))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

        app.MapGet("/signin", (HttpContext http, OidcOptions options) =>
            {
                if (!options.Enabled)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                        detail: $"no identity provider is configured ({OidcOptions.Section}:Authority); sign in with an API key");
                }

                // The session cookie would travel in clear: only loopback (a laptop, the tests) may sign in over HTTP.
                if (!http.Request.IsHttps && !IsLoopback(http))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                        detail: "sign-in needs HTTPS; behind a proxy that ends TLS, trust it (Timeline:ForwardedHeaders:KnownProxies) so X-Forwarded-Proto counts");
                }

                return Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [SignInSetup.ProviderScheme]);
            })
            .AllowAnonymous().ExcludeFromDescription();

        // Ends every session of the person (all their browsers), so a copied cookie is no good afterwards either.
        app.MapPost("/signout", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                if (http.User.PersonId() is { } person)
                {
                    await mediator.Send(new EndSessions(person), ct);
                    await http.SignOutAsync(SignInSetup.CookieScheme);
                }

                return TypedResults.NoContent();
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static bool IsLoopback(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && (http.Request.Host.Host is "localhost" || (IPAddress.TryParse(http.Request.Host.Host.Trim('[', ']'), out var host) && IPAddress.IsLoopback(host)));
}
