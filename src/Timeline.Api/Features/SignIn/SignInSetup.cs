using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Audit;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.SignIn;

/// <summary>
/// Sign-in with the organisation's OpenID Connect provider, by ASP.NET Core's own handler: authorization code with PKCE,
/// server side; the page gets a session cookie (HttpOnly, SameSite=Lax, Secure except on loopback) and never a token.
/// Requests with an <c>Authorization</c> header (or a feed token) are authenticated as before; only those without one
/// and with the cookie are the cookie's.
/// </summary>
public static class SignInSetup
{
    public const string CookieScheme = "Session";
    public const string ProviderScheme = "Provider";
    public const string CallerScheme = "Caller";
    public const string SessionCookie = "timeline.session";
    public const string AntiforgeryHeader = "X-Timeline-Antiforgery";

    /// <summary>Adds sign-in when <c>Timeline:Oidc:Authority</c> is set; refuses to start, saying why, when its settings cannot work.</summary>
    public static void AddTimelineSignIn(this WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var options = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        builder.Services.AddSingleton(options);
        if (!options.Enabled)
        {
            return;
        }

        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Sign-in with the identity provider cannot start: " + string.Join("; ", problems) + " (see docs/SIGN-IN.md)");
        }

        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "timeline.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = CallerScheme);
        authentication
            .AddPolicyScheme(CallerScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey(SessionCookie)
                    ? CookieScheme
                    : FeedTokenAuthentication.Select(http))
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Sign-in is refused over plain HTTP except on loopback (SignInEndpoints), so this is Secure except there.
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    // An API answers 401 and 403 as problems, never with a redirect to a login page.
                    OnRedirectToLogin = c => Refuse(c.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
                        "the session has ended: sign in again, or send an API key as 'Authorization: Bearer <key>'"),
                    OnRedirectToAccessDenied = c => Refuse(c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "your role may not do this"),
                    OnValidatePrincipal = CheckSessionAsync,
                };
            })
            .AddOpenIdConnect(ProviderScheme, o =>
            {
                o.Authority = options.Authority;
                o.ClientId = options.ClientId;
                o.ClientSecret = options.ClientSecret;
                o.RequireHttpsMetadata = options.RequireHttpsMetadata;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CallbackPath = "/signin-oidc";
                o.SignInScheme = CookieScheme;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                // Tokens are used once, here, and kept nowhere: not in the cookie, not in the page.
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.MapInboundClaims = false;
                o.ClaimActions.MapAll();
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events = new OpenIdConnectEvents
                {
                    OnTicketReceived = c => SignedInAsync(c, options),
                    OnRemoteFailure = c => FailedAsync(c),
                };
            });
    }

    /// <summary>The provider said who it is: the person is recorded, and the session holds only who they are here.</summary>
    private static async Task SignedInAsync(TicketReceivedContext context, OidcOptions options)
    {
        var claims = context.Principal!;
        var logger = Logger(context.HttpContext);
        var subject = claims.FindFirstValue("sub");
        var issuer = claims.FindFirst("sub")?.Issuer ?? options.Authority!;
        var role = RoleClaim.RoleOf(claims, options.RoleClaim);
        if (role is null || string.IsNullOrEmpty(subject))
        {
            var reason = role is null
                ? $"the provider's answer holds no '{options.RoleClaim}' claim, which {OidcOptions.Section}:RoleClaim names; map the roles into that claim at the provider (docs/SIGN-IN.md), or change the setting"
                : "the provider's answer holds no 'sub' claim";
            logger.LogError("Sign-in refused for {Subject}: {Reason}", subject ?? "(no sub)", reason);
            await RecordFailureAsync(context.HttpContext, reason);
            context.Response.Redirect(role is null ? "/?sign-in=role-claim" : "/?sign-in=failed");
            context.HandleResponse();
            return;
        }

        var session = await context.HttpContext.RequestServices.GetRequiredService<IMediator>().Send(
            new RecordSignIn(issuer, subject, claims.FindFirstValue("name") ?? claims.FindFirstValue("preferred_username"),
                claims.FindFirstValue("email"), role), context.HttpContext.RequestAborted);
        context.Principal = PrincipalOf(session, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        context.Properties!.RedirectUri = "/";
    }

    /// <summary>When the session began, to the tick: the cookie's own issue time is kept to the second only.</summary>
    private const string Started = "timeline:session-started";

    public static ClaimsPrincipal PrincipalOf(PersonSession session, DateTimeOffset started) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, session.KeyId.ToString()),
        new Claim(ClaimTypes.Name, session.Signature),
        new Claim(ClaimTypes.Role, session.Role),
        new Claim(AuthorClaims.Person, session.PersonId.ToString()),
        new Claim(Started, started.ToString("O", CultureInfo.InvariantCulture)),
    ], CookieScheme));

    /// <summary>The provider refused, or its answer did not check out: said in the log, the audit log and the page, never as a 500.</summary>
    private static async Task FailedAsync(RemoteFailureContext context)
    {
        var reason = context.Failure?.Message ?? "unknown";
        Logger(context.HttpContext).LogWarning("Sign-in with the identity provider failed: {Reason}", reason);
        await RecordFailureAsync(context.HttpContext, reason);
        context.Response.Redirect("/?sign-in=failed");
        context.HandleResponse();
    }

    private static async Task RecordFailureAsync(HttpContext http, string reason)
    {
        using var scope = http.RequestServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        scope.ServiceProvider.GetRequiredService<AuditLog>().Add(AuditActions.SignInFailed, null, null, reason);
        await db.SaveChangesAsync(http.RequestAborted);
    }

    /// <summary>
    /// Every request with the cookie: the person is still there, their sessions were not ended since this one began, and
    /// their role is today's (an admin's change counts at once, not at the next sign-in).
    /// </summary>
    private static async Task CheckSessionAsync(CookieValidatePrincipalContext context)
    {
        var person = context.Principal?.PersonId();
        var db = context.HttpContext.RequestServices.GetRequiredService<TimelineDbContext>();
        var now = await db.People.AsNoTracking().Where(p => p.Id == person)
            .Select(p => new { p.Signature, Role = p.GrantedRole ?? p.ClaimedRole, p.SessionsEndedAt })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        var issued = DateTimeOffset.TryParse(context.Principal?.FindFirstValue(Started), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
            ? started
            : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
        if (now is null || now.SessionsEndedAt >= issued)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        if (!context.Principal!.IsInRole(now.Role))
        {
            var identity = (ClaimsIdentity)context.Principal.Identity!;
            identity.RemoveClaim(identity.FindFirst(ClaimTypes.Role));
            identity.AddClaim(new Claim(ClaimTypes.Role, now.Role));
        }
    }

    private static Task Refuse(HttpContext http, int status, string title, string detail) =>
        ApiKeyAuthentication.WriteProblem(http, http.RequestServices.GetRequiredService<IProblemDetailsService>(), status, title, detail);

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Timeline.SignIn");
}
