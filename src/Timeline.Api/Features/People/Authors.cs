using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.People;

/// <summary>The names attributions carry: each given once, to one key or one person, and never again.</summary>
public static class Authors
{
    /// <summary>Longest name an attribution holds (the <c>*_by</c> columns).</summary>
    public const int MaxLength = 100;

    /// <summary>
    /// A name for a new person's records: their name as the provider gives it, or, when a key or another person has (or
    /// had) it, the same with a number — "Kim Lee (2)" — so that records never leave doubt about whose they are.
    /// </summary>
    public static async Task<string> FreeNameAsync(TimelineDbContext db, string name, CancellationToken ct)
    {
        var stem = name.Length > MaxLength - 8 ? name[..(MaxLength - 8)].TrimEnd() : name;
        var taken = await db.Authors.AsNoTracking().Where(a => a.Name.StartsWith(stem)).Select(a => a.Name).ToListAsync(ct);
        if (!taken.Contains(stem))
        {
            return stem;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{stem} ({n})";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
