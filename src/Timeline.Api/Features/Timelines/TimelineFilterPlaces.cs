using System.Globalization;
using NetTopologySuite.Geometries;
using Timeline.Api.Features.Events;
using Timeline.Core.Events;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// The place part of a filter: <c>bbox</c> or <c>near</c> gives a shape, and an event matches when its footprint (its
/// places as precisely as the source says, <see cref="Footprint"/>) meets it — or, with <c>placeMatch=within</c>, lies
/// inside it. Events without a place never match. The SQL (GiST-indexed) and the alert matcher's in-memory test compare
/// the same footprint with the same shape.
/// </summary>
public partial record TimelineFilter
{
    /// <summary><c>minLon,minLat,maxLon,maxLat</c> in degrees: events placed in the box.</summary>
    public string? Bbox { get; init; }

    /// <summary><c>lon,lat,km</c>: events placed within that many kilometres of the point.</summary>
    public string? Near { get; init; }

    /// <summary><c>overlaps</c> (default): one of the event's places meets the shape; <c>within</c>: its places lie inside it.</summary>
    public string? PlaceMatch { get; init; }

    /// <summary>The shape the place filter compares with, or null when the filter has none (or it is malformed: the rules say why).</summary>
    public Geometry? PlaceShape()
    {
        if (Numbers(Bbox, 4) is [var minLon, var minLat, var maxLon, var maxLat] && BoxProblem(minLon, minLat, maxLon, maxLat) is null)
        {
            return Footprint.Box(minLon, minLat, maxLon, maxLat);
        }

        return Numbers(Near, 3) is [var lon, var lat, var km] && NearProblem(lon, lat, km) is null ? Footprint.Circle(lon, lat, km) : null;
    }

    private bool PlacesWithin => PlaceMatch == "within";

    /// <summary>The place filter as SQL: PostGIS answers from the footprints' GiST index.</summary>
    private IQueryable<T> WherePlaced<T>(IQueryable<T> events) where T : EventState
    {
        if (PlaceShape() is not { } shape)
        {
            return events;
        }

        return PlacesWithin
            ? events.Where(e => e.Footprint != null && e.Footprint.CoveredBy(shape))
            : events.Where(e => e.Footprint != null && e.Footprint.Intersects(shape));
    }

    internal static double[]? Numbers(string? text, int count)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (text is null || parts.Length != count)
        {
            return null;
        }

        var numbers = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }

    internal static string? BoxProblem(double minLon, double minLat, double maxLon, double maxLat) =>
        !(minLon is >= -180 and <= 180 && maxLon is >= -180 and <= 180) ? "bbox longitudes are from -180 to 180"
        : !(minLat is >= -90 and <= 90 && maxLat is >= -90 and <= 90) ? "bbox latitudes are from -90 to 90"
        : minLon > maxLon || minLat > maxLat ? "bbox is minLon,minLat,maxLon,maxLat: the minimum first (a box across the antimeridian is two queries)"
        : null;

    internal static string? NearProblem(double lon, double lat, double km) =>
        !(lon is >= -180 and <= 180) || !(lat is >= -90 and <= 90) ? "near's longitude is from -180 to 180 and its latitude from -90 to 90"
        : !(km > 0 && km <= EventRules<EventFields>.MaxUncertaintyKm) ? $"near's distance is more than 0 and at most {EventRules<EventFields>.MaxUncertaintyKm:0} km"
        : null;
}
