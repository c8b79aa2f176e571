using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>
/// Gives the actors recorded before names had search keys their keys, once, at start: the keys are computed here,
/// not in SQL, so the migration that made their table could not fill it.
/// </summary>
public static class ActorNameBackfill
{
    public static async Task<int> RunAsync(TimelineDbContext db, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var actors = await db.Actors.Include(a => a.Names).Where(a => !a.Names.Any()).OrderBy(a => a.Code).Take(1000).ToListAsync(ct);
            if (actors.Count == 0)
            {
                return filled;
            }

            foreach (var actor in actors)
            {
                actor.KeepNamesInStep();
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            filled += actors.Count;
        }
    }
}
