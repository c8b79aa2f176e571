using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>, looked up by the key's SHA-256.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TimelineDbContext db, IProblemDetailsService problems, KnownKeys known, UnknownKeyLimiter unknownKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        // No key is shorter, longer or made of other characters: such a credential costs no query.
        if (!IsWellFormed(presented))
        {
            return AuthenticateResult.Fail("malformed API key");
        }

        var hash = HashOf(presented);
        // A feed token remembered from a feed is no bearer key: it is looked up among the keys, and not found.
        if (!known.TryGet(hash, out var key) || key.FeedToken is not null)
        {
            // An address that has used up its unknown keys is refused before the database is asked about another.
            var address = Context.Connection.RemoteIpAddress?.ToString() ?? "";
            if (!unknownKeys.MayLookUp(address))
            {
                Context.Items[UnknownKeyLimiter.RefusedItem] = true;
                return AuthenticateResult.Fail("too many unknown API keys from this address");
            }

            var seen = known.Generation;
            var found = await db.ApiKeys.AsNoTracking()
                .Where(k => k.KeyHash == hash && k.RevokedAt == null && !k.ForSignIn)
                .Select(k => new { Key = new KnownKey(k.Id, k.Name, k.Role), k.LastUsedAt })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (found is null)
            {
                unknownKeys.Count(address);
                return AuthenticateResult.Fail("unknown or revoked API key");
            }

            key = found.Key;
            // Kept to the minute, written only when the key is looked up (not on the cached requests between): the key
            // list shows admins which keys are still in use, at no write per request.
            var now = TimeProvider.GetUtcNow();
            if (found.LastUsedAt is null || found.LastUsedAt < now - TimeSpan.FromMinutes(1))
            {
                var id = key.Id;
                await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
            }

            known.Remember(hash, key, seen);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(ClaimTypes.Role, key.Role),
            ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnknownKeyLimiter.RefusedItem))
        {
            return unknownKeys.WriteRefusalAsync(Context, problems);
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return Write(StatusCodes.Status401Unauthorized, "Unauthorized",
            "send an API key as 'Authorization: Bearer <key>'");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, "Forbidden", "this API key's role may not do this");

    private Task Write(int status, string title, string detail) => WriteProblem(Context, problems, status, title, detail);

    /// <summary>An authentication refusal as problem details, whichever scheme refuses.</summary>
    public static Task WriteProblem(HttpContext http, IProblemDetailsService problems, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>The shape of every key there can be: generated ones (46 characters) and a configured admin key.</summary>
    public static bool IsWellFormed(string key) =>
        key.Length is >= Platform.Hosting.TimelineOptions.MinAdminKeyLength and <= Platform.Hosting.TimelineOptions.MaxKeyLength && !key.Any(char.IsControl);

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A new secret: "tl_" and 32 random bytes, URL-safe.</summary>
    public static string NewKey() => NewSecret("tl_");

    /// <summary>The prefix and 32 random bytes in URL-safe base64, unpadded.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// A key as a request acts with it; with <see cref="FeedToken"/>, a feed token acting for the key <see cref="Id"/>,
/// opening what its <see cref="Scope"/> says (see <see cref="FeedTokenScope"/>).
/// </summary>
public sealed record KnownKey(Guid Id, string Name, string Role, Guid? FeedToken = null, string? Scope = null);

/// <summary>
/// Valid keys seen lately, so a request does not cost a database round trip to authenticate. An entry lives a few
/// seconds: a key revoked here is forgotten at once, one revoked through another instance within that lifetime.
/// Only valid keys are kept, so the cache is as large as the set of keys in use. A key read before a revocation was
/// forgotten is not remembered after it (<see cref="Generation"/>): otherwise a look-up that raced the revocation
/// would put the revoked key back for the cache's whole lifetime.
/// </summary>
public sealed class KnownKeys(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (KnownKey Key, DateTimeOffset Until)> entries = new();

    public bool TryGet(byte[] hash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KnownKey? key)
    {
        key = entries.TryGetValue(Convert.ToHexString(hash), out var entry) && entry.Until > clock.GetUtcNow() ? entry.Key : null;
        return key is not null;
    }

    private long generation;

    /// <summary>How many times something was forgotten; read before a key is looked up, passed to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Remembers a key looked up when <see cref="Generation"/> was <paramref name="seen"/>, unless something was forgotten since.</summary>
    public void Remember(byte[] hash, KnownKey key, long seen)
    {
        var name = Convert.ToHexString(hash);
        entries[name] = (key, clock.GetUtcNow() + Lifetime);
        // Checked after writing, so that a Forget running at the same moment either sees the entry or moves the generation.
        if (Generation != seen)
        {
            entries.TryRemove(name, out _);
        }
    }

    /// <summary>Forgets a key (and the feed tokens acting for it), or one feed token.</summary>
    public void Forget(Guid id)
    {
        Interlocked.Increment(ref generation);
        foreach (var (hash, entry) in entries)
        {
            if (entry.Key.Id == id || entry.Key.FeedToken == id)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}

/// <summary>Authorization policies named after the least role they admit: reader &lt; editor &lt; admin.</summary>
public static class Policies
{
    public const string Reader = Roles.Reader;
    public const string Editor = Roles.Editor;
    public const string Admin = Roles.Admin;

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Roles.All)
        {
            options.AddPolicy(role, p => p.RequireAuthenticatedUser()
                .RequireRole(Roles.All.Where(r => Roles.Rank(r) >= Roles.Rank(role))));
        }

        // Everything needs a key unless it says otherwise (health, the OpenAPI document, the docs page).
        options.FallbackPolicy = options.GetPolicy(Roles.Reader);
    }
}

public static class CallerExtensions
{
    /// <summary>The API key's name, which is what <c>recordedBy</c> shows.</summary>
    public static string AnalystName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    /// <summary>Who asks, for what is a key's own: its id, and whether it is an admin (who sees everyone's).</summary>
    public static Owner Owner(this ClaimsPrincipal user) =>
        new(Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty, user.IsInRole(Roles.Admin));
}

/// <summary>An API key asking for what belongs to it: subscriptions, their deliveries and their alerts.</summary>
public sealed record Owner(Guid KeyId, bool Admin);
