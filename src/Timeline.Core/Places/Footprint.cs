using NetTopologySuite.Geometries;

namespace Timeline.Core.Places;

/// <summary>
/// What the place filters compare: an event's footprint is, for each of its places, the place's point widened to a
/// circle of the event's <c>uncertaintyKm</c>, else its point or its area as the event's precision says (<see cref="Of(EventPlace, Place)"/>) —
/// never anything more precise than the source said. Computed here once, stored with the event (GiST-indexed) and used again to match alerts in memory.
/// </summary>
public static class Footprint
{
    public const int Srid = 4326;
    public static readonly GeometryFactory Geometries = new(new PrecisionModel(), Srid);

    /// <summary>Kilometres in a degree of latitude (and of longitude at the equator).</summary>
    private const double KmPerDegree = 111.32;
    private const int CircleSides = 48;

    /// <summary>The event's footprint: a collection of its places' (null when it has none, or none has a shape).</summary>
    public static Geometry? Of(IEnumerable<EventPlace> eventPlaces, IReadOnlyDictionary<string, Place> places)
    {
        var parts = eventPlaces.Select(p => places.TryGetValue(p.Place, out var place) ? Of(p, place) : null).OfType<Geometry>().ToArray();
        return parts.Length == 0 ? null : Geometries.CreateGeometryCollection(parts);
    }

    /// <summary>One place of an event as the filters compare it: its <see cref="ShapeOf"/>, a point widened by the event's uncertainty when one is given.</summary>
    public static Geometry? Of(EventPlace eventPlace, Place place) =>
        place.Point is { } point && eventPlace.UncertaintyKm is > 0 ? Circle(point.X, point.Y, eventPlace.UncertaintyKm.Value) : ShapeOf(eventPlace, place);

    /// <summary>
    /// Where an event's place is, as precisely as the source says: the point for an exact or near place, the area for
    /// one the source names only as a city, region or country (whichever the place has, when it has one only).
    /// </summary>
    public static Geometry? ShapeOf(EventPlace eventPlace, Place place) =>
        eventPlace.Precision is "exact" or "near" ? (Geometry?)place.Point ?? place.Area : place.Area ?? place.Point;

    /// <summary>
    /// A circle of <paramref name="km"/> around a point, as a polygon in degrees (a degree of longitude shrinks with the
    /// cosine of the latitude); what an uncertain place and the <c>near</c> filter both mean.
    /// </summary>
    public static Polygon Circle(double lon, double lat, double km)
    {
        var dLat = km / KmPerDegree;
        var dLon = km / (KmPerDegree * Math.Max(Math.Cos(lat * Math.PI / 180), 0.01));
        var ring = new Coordinate[CircleSides + 1];
        for (var i = 0; i < CircleSides; i++)
        {
            var angle = 2 * Math.PI * i / CircleSides;
            ring[i] = new Coordinate(lon + dLon * Math.Cos(angle), Math.Clamp(lat + dLat * Math.Sin(angle), -90, 90));
        }

        ring[CircleSides] = ring[0].Copy();
        return Geometries.CreatePolygon(ring);
    }

    public static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        (Polygon)Geometries.ToGeometry(new Envelope(minLon, maxLon, minLat, maxLat));

    /// <summary>Whether a footprint meets the shape (one of its places touches it) or, <paramref name="within"/>, lies inside it (all of them do).</summary>
    public static bool Meets(Geometry? footprint, Geometry shape, bool within)
    {
        if (footprint is null)
        {
            return false;
        }

        var parts = Enumerable.Range(0, footprint.NumGeometries).Select(footprint.GetGeometryN);
        return within ? parts.All(p => p.CoveredBy(shape)) : parts.Any(p => p.Intersects(shape));
    }
}
