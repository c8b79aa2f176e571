using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary>Marks an endpoint a feed reader or a calendar polls: the only kind that takes <c>?token=</c>.</summary>
public sealed class TakesFeedToken
{
    public static readonly TakesFeedToken Instance = new();
}

public static class FeedTokenEndpointExtensions
{
    /// <summary>The endpoint takes a feed token as <c>?token=</c> besides an API key (and the document says so).</summary>
    public static RouteHandlerBuilder TakesFeedTokens(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(TakesFeedToken.Instance)
            .Answers(StatusCodes.Status401Unauthorized, "or a feed token (?token=) that is unknown or revoked, or whose key is revoked")
            .Answers(StatusCodes.Status403Forbidden, "a feed token (?token=) minted for another saved timeline's feed, or for the calendar (its scope)")
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                var document = context.Document ?? throw new InvalidOperationException("operation transformers run within a document");
                (operation.Parameters ??= []).Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = FeedTokenAuthentication.QueryParameter,
                    In = Microsoft.OpenApi.ParameterLocation.Query,
                    Required = false,
                    Description = "a feed token (tlf_…, from POST /api/feed-tokens), for feed readers and calendars that cannot send " +
                        "Authorization; read only without an Authorization header, and only here",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
                // Either an API key or a feed token.
                operation.Security =
                [
                    new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(OpenApiSetup.ApiKeyScheme, document)] = [] },
                    new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(OpenApiSetup.FeedTokenScheme, document)] = [] },
                ];
                return Task.CompletedTask;
            });
}

/// <summary>
/// <c>?token=&lt;feed token&gt;</c> on an endpoint that <see cref="TakesFeedToken"/>, looked up by the token's SHA-256.
/// It acts as the key that minted it, as a reader whatever that key's role. Everywhere else the parameter is not
/// read at all (<see cref="Select"/>), so a token there is as good as no key: a 401.
/// </summary>
public sealed class FeedTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TimelineDbContext db, IProblemDetailsService problems, KnownKeys known, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FeedToken";

    /// <summary>The default scheme: picks the feed token's or the API key's for each request.</summary>
    public const string EitherScheme = "ApiKeyOrFeedToken";

    public const string QueryParameter = "token";
    public const string Prefix = "tlf_";

    /// <summary>How stale <c>last_used_at</c> may be: a feed polled every few seconds writes it once a minute at most.</summary>
    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    /// <summary>The feed token's scheme for a feed endpoint asked with <c>?token=</c> and no Authorization header; the API key's otherwise.</summary>
    public static string Select(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<TakesFeedToken>() is not null
        && http.Request.Headers.Authorization.Count == 0
        && http.Request.Query.ContainsKey(QueryParameter)
            ? SchemeName
            : ApiKeyAuthentication.SchemeName;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Query[QueryParameter];
        if (given.Count != 1 || string.IsNullOrEmpty(given[0]))
        {
            return AuthenticateResult.Fail("give one feed token");
        }

        var hash = ApiKeyAuthentication.HashOf(given[0]!);
        if (!known.TryGet(hash, out var key) || key.FeedToken is null)
        {
            var seen = known.Generation;
            var found = await db.FeedTokens.AsNoTracking()
                .Where(t => t.TokenHash == hash && t.RevokedAt == null)
                .Join(db.ApiKeys.Where(k => k.RevokedAt == null), t => t.KeyId, k => k.Id, (t, k) => new { t.Id, t.LastUsedAt, t.Scope, KeyId = k.Id, k.Name })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (found is null)
            {
                return AuthenticateResult.Fail("unknown or revoked feed token");
            }

            key = new KnownKey(found.KeyId, found.Name, Roles.Reader, found.Id, found.Scope);
            known.Remember(hash, key, seen);
            var now = clock.GetUtcNow();
            if (found.LastUsedAt is not { } last || now - last >= UseResolution)
            {
                await db.FeedTokens.Where(t => t.Id == found.Id)
                    .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
            }
        }

        // A token minted for one thing opens that and nothing else.
        if (!FeedTokenScope.Opens(key.Scope, Request.RouteValues.TryGetValue("slug", out var slug) ? slug?.ToString() : null))
        {
            Context.Items[OutOfScopeItem] = key.Scope;
            return AuthenticateResult.Fail("the feed token was minted for something else");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                // At most a reader, whatever the minting key may do: the token only reads feeds.
                new Claim(ClaimTypes.Role, Roles.Reader),
            ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private const string OutOfScopeItem = "Timeline.FeedTokenScope";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.TryGetValue(OutOfScopeItem, out var scope)
            ? Write(StatusCodes.Status403Forbidden, "Forbidden", $"this feed token opens only {scope}; mint one for this feed")
            : Write(StatusCodes.Status401Unauthorized, "Unauthorized",
            "the feed token is unknown or revoked; mint one with POST /api/feed-tokens, or send an API key as 'Authorization: Bearer <key>'");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Forbidden", "a feed token only reads feeds");

    private Task Write(int status, string title, string detail) =>
        ApiKeyAuthentication.WriteProblem(Context, problems, status, title, detail);
}
