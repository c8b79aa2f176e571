using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;
using Timeline.Core.Events;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Places;

/// <summary>Keeps events' footprints (<see cref="Footprint"/>) where their places are: set as an event is written, moved as a place is amended.</summary>
public static class EventFootprints
{
    /// <summary>Sets the footprint of an event whose places were just written (the places were validated as recorded).</summary>
    public static async Task LocateAsync(TimelineDbContext db, EventState e, CancellationToken ct)
    {
        if (e.Places.Count == 0)
        {
            e.Footprint = null;
            return;
        }

        var codes = e.Places.Select(p => p.Place).Distinct().ToList();
        var places = await db.Places.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, ct);
        e.Footprint = Footprint.Of(e.Places, places);
    }

    /// <summary>Every current event placed at <paramref name="place"/> takes its new shape (tracked; the caller saves).</summary>
    public static async Task RelocateEventsAtAsync(TimelineDbContext db, Place place, CancellationToken ct)
    {
        var placedThere = System.Text.Json.JsonSerializer.Serialize(new[] { new { Place = place.Code } });
        var ids = await db.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM timeline.events WHERE places @> {placedThere}::jsonb")
            .ToListAsync(ct);
        if (ids.Count == 0)
        {
            return;
        }

        var events = await db.Events.Where(e => ids.Contains(e.EventId)).ToListAsync(ct);
        var codes = events.SelectMany(e => e.Places.Select(p => p.Place)).Distinct().Where(c => c != place.Code).ToList();
        var places = await db.Places.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, ct);
        places[place.Code] = place;
        foreach (var e in events)
        {
            e.Footprint = Footprint.Of(e.Places, places);
        }
    }
}
