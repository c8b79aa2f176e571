using System.Security.Claims;
using Timeline.Api.Features.Access;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.Audit;

/// <summary>
/// Adds entries to the audit log in the caller's transaction (the caller saves): who (the request's author and their
/// stable id), what, to what, when, and from which address.
/// </summary>
public sealed class AuditLog(TimelineDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Add(string action, string? target, string? targetId, string detail, (string Name, Guid Id)? by = null)
    {
        var user = http.HttpContext?.User;
        var signedIn = user?.Identity?.IsAuthenticated == true;
        db.Audit.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Action = action,
            By = by?.Name ?? (signedIn ? user!.AnalystName() : null),
            ById = by?.Id ?? (signedIn ? user!.AuthorId() : null),
            Target = target,
            TargetId = targetId,
            Detail = detail.Length > 1000 ? detail[..999] + "…" : detail,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
    }
}

public static class AuthorClaims
{
    /// <summary>The claim a signed-in person's session carries: their person id (a key's requests have none).</summary>
    public const string Person = "timeline:person";

    /// <summary>The stable id of whoever acts: the person for a signed-in person, else the key.</summary>
    public static Guid? AuthorId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Person), out var person) ? person
        : Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var key) ? key : null;

    public static Guid? PersonId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(Person), out var person) ? person : null;
}
