using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
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
    /// <summary>Adds an entry to the context, saved with the caller's other changes.</summary>
    public void Add(string action, string? target, string? targetId, string detail, (string Name, Guid Id)? by = null) =>
        db.Audit.Add(Entry(action, target, targetId, detail, by));

    /// <summary>Writes an entry now, in the caller's transaction, for handlers whose writes bypass the change tracker.</summary>
    public async Task WriteAsync(string action, string? target, string? targetId, string detail, CancellationToken ct)
    {
        var e = Entry(action, target, targetId, detail, null);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO timeline.audit_log (at, action, by, by_id, target, target_id, detail, address)
            VALUES ({e.At}, {e.Action}, {e.By}, {e.ById}, {e.Target}, {e.TargetId}, {e.Detail}, {e.Address})
            """, ct);
    }

    private AuditEntry Entry(string action, string? target, string? targetId, string detail, (string Name, Guid Id)? by)
    {
        var user = http.HttpContext?.User;
        var signedIn = user?.Identity?.IsAuthenticated == true;
        return new AuditEntry
        {
            At = clock.GetUtcNow(),
            Action = action,
            By = by?.Name ?? (signedIn ? user!.AnalystName() : null),
            ById = by?.Id ?? (signedIn ? user!.AuthorId() : null),
            Target = target,
            TargetId = targetId,
            Detail = detail.Length > 1000 ? detail[..999] + "…" : detail,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
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
