using NetTopologySuite.Geometries;
using Timeline.Core.Actors;

namespace Timeline.Core.Places;

/// <summary>
/// Where things happen: a site, city, region, country or route, by a stable lower-case code (<c>vladivostok</c>), with
/// a point, an area, or both (longitude and latitude, WGS 84), known to other tools by its Wikidata and GeoNames ids.
/// </summary>
public sealed class Place : Timeline.Core.Changes.IVersioned
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string[] Aliases { get; set; } = [];

    /// <summary>A representative point (SRID 4326).</summary>
    public Point? Point { get; set; }

    /// <summary>Its outline: a Polygon, MultiPolygon or (a route) LineString (SRID 4326).</summary>
    public Geometry? Area { get; set; }

    public string? Wikidata { get; set; }
    public string? GeoNames { get; set; }

    /// <summary>Its name and aliases with their search keys, as an actor's (<see cref="NameKeys"/>).</summary>
    public List<PlaceName> Names { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int Version { get; set; } = 1;

    public static readonly string[] Kinds = ["site", "city", "region", "country", "route"];

    /// <summary>Makes <see cref="Names"/> the name and the aliases, keeping the rows of names that stay (the collection must be loaded).</summary>
    public void KeepNamesInStep()
    {
        var wanted = Aliases.Prepend(Name).Distinct(StringComparer.Ordinal).ToList();
        Names.RemoveAll(n => !wanted.Contains(n.Name, StringComparer.Ordinal));
        Names.AddRange(wanted.Where(w => !Names.Any(n => n.Name == w)).Select(w => PlaceName.Of(Code, w)));
    }

    public PlaceRevision ToRevision(string change) => new()
    {
        Id = Guid.CreateVersion7(UpdatedAt),
        PlaceCode = Code,
        Version = Version,
        Change = change,
        ChangedAt = UpdatedAt,
        ChangedBy = UpdatedBy,
        Name = Name,
        Kind = Kind,
        Aliases = [.. Aliases],
        Point = Point?.Copy() as Point,
        Area = Area?.Copy(),
        Wikidata = Wikidata,
        GeoNames = GeoNames,
    };
}

/// <summary>One of a place's names with the keys search compares.</summary>
public sealed class PlaceName
{
    public string PlaceCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Sound { get; set; } = "";

    public static PlaceName Of(string placeCode, string name)
    {
        var key = NameKeys.Key(name);
        return new PlaceName { PlaceCode = placeCode, Name = name, Key = key, Sound = NameKeys.Sound(key) };
    }
}

/// <summary>One version of a place: what it said, who made it and when.</summary>
public sealed class PlaceRevision
{
    public Guid Id { get; set; }
    public string PlaceCode { get; set; } = "";
    public int Version { get; set; }

    /// <summary><c>recorded</c> or <c>amended</c>.</summary>
    public string Change { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string[] Aliases { get; set; } = [];
    public Point? Point { get; set; }
    public Geometry? Area { get; set; }
    public string? Wikidata { get; set; }
    public string? GeoNames { get; set; }
}
