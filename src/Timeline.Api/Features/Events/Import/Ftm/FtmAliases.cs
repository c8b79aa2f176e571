using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Changes;
using Timeline.Core.Actors;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>The names an import gave an actor already recorded, as aliases.</summary>
public sealed record ActorAliasesAdded(string Code, IReadOnlyList<string> Aliases);

/// <summary>
/// An FtM entity already recorded still brings the names its source knows it by (OpenSanctions gives dozens, in many
/// scripts): those whose name key the actor does not have yet become aliases, as an amendment would add them — a new
/// version, its revision and an <c>actor.amended</c> change. A second identical import adds nothing.
/// </summary>
public static class FtmAliases
{
    public static async Task<List<ActorAliasesAdded>> AddAsync(TimelineDbContext db, IEnumerable<(string Code, IReadOnlyList<string> Names)> names,
        string amendedBy, DateTimeOffset now, History history, CancellationToken ct)
    {
        var byActor = names.GroupBy(n => n.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.SelectMany(n => n.Names).ToList());
        if (byActor.Count == 0)
        {
            return [];
        }

        var codes = byActor.Keys.ToList();
        var actors = await db.Actors.Include(a => a.Identifiers).Include(a => a.Names).Where(a => codes.Contains(a.Code))
            .OrderBy(a => a.Code).AsSplitQuery().ToListAsync(ct);
        var added = new List<ActorAliasesAdded>();
        foreach (var actor in actors)
        {
            var keys = actor.Names.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
            var fresh = new List<string>();
            foreach (var name in byActor[actor.Code].Select(n => n.Length <= 200 ? n : n[..199] + "…"))
            {
                if (actor.Aliases.Length + fresh.Count >= FtmActor.MaxAliases)
                {
                    break;
                }

                if (keys.Add(NameKeys.Key(name)))
                {
                    fresh.Add(name);
                }
            }

            if (fresh.Count == 0)
            {
                continue;
            }

            (ActorFields.Of(actor) with { Aliases = [.. actor.Aliases, .. fresh] }).ApplyTo(actor);
            await history.ReviseAsync(ActorHistory.Kind, actor, new(ChangeKinds.ActorAmended, amendedBy, At: now), ct);
            added.Add(new ActorAliasesAdded(actor.Code, fresh));
        }

        if (added.Count > 0)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw Platform.Http.ProblemException.Conflict("an actor this import names was amended meanwhile; send the body again");
            }
        }

        return added;
    }
}
