using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>
/// Reads a body of FtM entities whole, since its lines may refer to each other in any order, and plans what it
/// becomes against the actors already recorded. Unlike NDJSON and CSV the body is held: FtM files are entity lists,
/// far smaller than event histories.
/// </summary>
public sealed class FtmImport(JsonSerializerOptions apiJson, int maxEntities, Func<Exception> tooMany)
{
    /// <summary>The properties of Sanction and Event that name the actors of what they become.</summary>
    private static readonly string[] References = ["entity", "involved", "organizer"];

    /// <summary>The API's rules for JSON (no member twice, no control characters), but FtM's other members are ignored.</summary>
    private readonly JsonLines<FtmEntity> lines = new(new JsonSerializerOptions(apiJson) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip }, "an FtM entity");

    public const string NothingToImport = "no entities: send one FtM entity ({\"id\", \"schema\", \"properties\"}) per line";

    public async Task<(FtmPlan Plan, int Entities)> PlanAsync(Stream body, TimelineDbContext db, CancellationToken ct)
    {
        var read = new List<JsonLine<FtmEntity>>();
        var unreadable = 0;
        await foreach (var line in lines.ReadAsync(body, ct))
        {
            // Held whole to be planned: bounded in lines as the body is in bytes, junk lines included.
            if (read.Count == maxEntities)
            {
                throw tooMany();
            }

            // Unreadable lines past the listed ones are counted, their reasons not kept (see FtmPlan.Unlisted).
            read.Add(line.Errors is not null && ++unreadable > ImportEventsHandler.MaxListedRejections ? line with { Errors = FtmPlan.Unlisted } : line);
        }

        var entities = read.Where(l => l.Value is not null).Select(l => l.Value!).Where(e => e.Id is not null).ToList();
        var keys = entities.Select(e => e.Id!)
            .Concat(entities.SelectMany(e => References.SelectMany(e.Values)))
            .Concat(entities.Where(e => e.Schema is { } s && FtmSchemata.IsActor(s)).Select(e => FtmActor.From(0, e, out _)?.Code).OfType<string>())
            .Distinct().ToList();
        var recorded = await db.Actors.AsNoTracking().Where(a => keys.Contains(a.Code))
            .ToDictionaryAsync(a => a.Code, a => new RecordedActor(a.Code, a.Name), ct);

        // An entity already recorded under another code is found by its identifiers (its FtM id, IMO number, Wikidata id).
        var known = entities.Where(e => e.Schema is { } s && FtmSchemata.IsActor(s)).Select(e => FtmActor.From(0, e, out _)).OfType<FtmActor>().ToList();
        var values = known.SelectMany(a => a.Identifiers.Values).Distinct().ToList();
        var held = await db.ActorIdentifiers.AsNoTracking().Where(i => values.Contains(i.Value))
            .Join(db.Actors, i => i.ActorCode, a => a.Code, (i, a) => new { i.Scheme, i.Value, a.Code, a.Name }).ToListAsync(ct);
        foreach (var actor in known)
        {
            if (held.FirstOrDefault(h => actor.Identifiers.GetValueOrDefault(h.Scheme) == h.Value) is { } holder)
            {
                recorded[actor.Id] = new RecordedActor(holder.Code, holder.Name);
            }
        }

        return (FtmPlan.From(read, recorded), read.Count);
    }
}
