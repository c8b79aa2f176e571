using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Places;

/// <summary>
/// The places a download names, read as its pages come (each place once, however many events name it), and where an
/// event is for a reader: the shape to draw, and the one place a one-row format (CSV) gives.
/// </summary>
public sealed class PlaceBook(TimelineDbContext db)
{
    private readonly Dictionary<string, Place> places = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Place> Places => places;

    /// <summary>Reads the places of these events not read yet: one query a page, none when all are known.</summary>
    public async Task ReadAsync(IEnumerable<EventView> events, CancellationToken ct)
    {
        var unseen = events.SelectMany(e => e.Places).Select(p => p.Place).Where(c => !places.ContainsKey(c)).Distinct().ToList();
        if (unseen.Count == 0)
        {
            return;
        }

        foreach (var place in await db.Places.AsNoTracking().Where(p => unseen.Contains(p.Code)).ToListAsync(ct))
        {
            places[place.Code] = place;
        }
    }

    /// <summary>An event's one place where a format has room for one: its site, else where it went, else its first.</summary>
    public (EventPlace At, Place Place)? MainPlaceOf(EventView e)
    {
        var known = e.Places.Where(p => places.ContainsKey(p.Place)).ToList();
        var main = known.FirstOrDefault(p => p.Role == "site") ?? known.FirstOrDefault(p => p.Role == "destination") ?? known.FirstOrDefault();
        return main is null ? null : (main, places[main.Place]);
    }

    /// <summary>A point to give as latitude and longitude: the place's own, else a point inside its area.</summary>
    public static Point? PointOf(Place place) => place.Point ?? place.Area?.InteriorPoint;
}
