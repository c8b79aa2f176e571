using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Timeline.Api.Platform.Http;

public static class UniqueInsert
{
    /// <summary>
    /// Saves a new row whose natural key must be unique. The unique index decides, also between two racing requests,
    /// and its violation is the client's 409, not a server error.
    /// </summary>
    public static async Task SaveNewAsync(this DbContext db, string conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw ProblemException.Conflict(conflict);
        }
    }
}
