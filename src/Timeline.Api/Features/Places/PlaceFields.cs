using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Places;

/// <summary>A place's writable members, as a client sends them to record it or as an amendment leaves them.</summary>
public record PlaceFields
{
    public string? Name { get; init; }

    /// <summary><c>site</c>, <c>city</c>, <c>region</c>, <c>country</c> or <c>route</c>.</summary>
    public string? Kind { get; init; }
    public List<string>? Aliases { get; init; }

    /// <summary><c>[longitude, latitude]</c> in degrees (WGS 84), as GeoJSON orders them.</summary>
    public double[]? Point { get; init; }

    /// <summary>Its outline, a GeoJSON geometry: <c>Polygon</c>, <c>MultiPolygon</c>, or <c>LineString</c> for a route.</summary>
    public JsonElement? Area { get; init; }

    /// <summary><c>wikidata</c> (<c>Q959</c>) and <c>geonames</c> (<c>2013348</c>).</summary>
    public Dictionary<string, string?>? Identifiers { get; init; }

    public static readonly string[] AreaTypes = ["Polygon", "MultiPolygon", "LineString"];
    public const string Wikidata = "wikidata";
    public const string GeoNames = "geonames";

    /// <summary>GeoJSON as NetTopologySuite reads and writes it, in the places' SRID.</summary>
    public static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory(Footprint.Geometries) } };

    public static PlaceFields Of(Place p) => new()
    {
        Name = p.Name,
        Kind = p.Kind,
        Aliases = [.. p.Aliases],
        Point = p.Point is { } point ? [point.X, point.Y] : null,
        Area = p.Area is { } area ? JsonSerializer.SerializeToElement(area, GeoJson) : null,
        Identifiers = PlaceViews.IdentifiersOf(p).ToDictionary(i => i.Key, i => (string?)i.Value),
    };

    /// <summary>The area's geometry when it is one of <see cref="AreaTypes"/>, else null with the reason.</summary>
    public static Geometry? ReadArea(JsonElement area, out string? error)
    {
        error = null;
        try
        {
            // Inside the try: a member name that is not UTF-8 is found only when a name is compared.
            var type = area.ValueKind == JsonValueKind.Object && area.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type is null || !AreaTypes.Contains(type))
            {
                error = $"area is a GeoJSON geometry of type {string.Join(", ", AreaTypes)}";
                return null;
            }

            var geometry = area.Deserialize<Geometry>(GeoJson);
            if (geometry is null || geometry.IsEmpty)
            {
                error = "area has no coordinates";
                return null;
            }

            geometry.SRID = Footprint.Srid;
            return geometry;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            error = "area is not a readable GeoJSON geometry: " + ex.Message;
            return null;
        }
    }

    /// <summary>Writes validated fields onto a place, its names included (the collection must be loaded).</summary>
    public void ApplyTo(Place place)
    {
        place.Name = Name!.Trim();
        place.Kind = Kind!;
        place.Aliases = [.. (Aliases ?? []).Select(a => a.Trim()).Distinct()];
        place.KeepNamesInStep();
        place.Point = Point is [var lon, var lat] ? Footprint.Geometries.CreatePoint(new Coordinate(lon, lat)) : null;
        place.Area = Area is { } area && area.ValueKind != JsonValueKind.Null ? ReadArea(area, out _) : null;
        place.Wikidata = Identifier(Wikidata);
        place.GeoNames = Identifier(GeoNames);
    }

    private string? Identifier(string scheme) =>
        Identifiers is not null && Identifiers.TryGetValue(scheme, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim().ToUpperInvariant() : null;

    /// <summary>Saves, turning a unique-key violation into the client's 409.</summary>
    public static async Task SaveAsync(TimelineDbContext db, string code, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg)
        {
            throw ProblemException.Conflict(pg.ConstraintName == "pk_places"
                ? $"place {code} already exists"
                : "one of these identifiers is another place's");
        }
    }
}

/// <summary>What every recorded or amended place must satisfy.</summary>
public abstract partial class PlaceRules<T> : AbstractValidator<T> where T : PlaceFields
{
    protected PlaceRules()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("a name is required").MaximumLength(200);
        RuleFor(x => x.Kind).Must(k => Place.Kinds.Contains(k)).WithMessage($"kind must be one of {string.Join(", ", Place.Kinds)}");
        RuleFor(x => x.Aliases).Must(a => a!.Count <= 20).When(x => x.Aliases is not null).WithMessage("at most 20 aliases");
        RuleForEach(x => x.Aliases).NotEmpty().MaximumLength(200);
        RuleFor(x => x).Must(x => x.Point is not null || (x.Area is { } a && a.ValueKind != JsonValueKind.Null))
            .OverridePropertyName("point").WithMessage("a place needs a point, an area, or both");
        RuleFor(x => x.Point).Custom((point, context) =>
        {
            if (point is null)
            {
                return;
            }

            if (point is not [var lon, var lat])
            {
                context.AddFailure("a point is [longitude, latitude], e.g. [131.886, 43.115]");
            }
            else if (!(lon is >= -180 and <= 180) || !(lat is >= -90 and <= 90))
            {
                context.AddFailure("a point's longitude is from -180 to 180 and its latitude from -90 to 90 (GeoJSON order: [longitude, latitude])");
            }
        });
        RuleFor(x => x.Area).Custom((area, context) =>
        {
            if (area is not { } element || element.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (!Readable(element))
            {
                context.AddFailure("area is not readable JSON text (it is not UTF-8)");
                return;
            }

            if (element.GetRawText().Length > MaxAreaCharacters)
            {
                context.AddFailure($"an area is at most {MaxAreaCharacters} characters of GeoJSON; simplify the outline");
                return;
            }

            var geometry = PlaceFields.ReadArea(element, out var error);
            if (geometry is null)
            {
                context.AddFailure(error!);
            }
            else if (geometry.Coordinates.Any(c => !(c.X is >= -180 and <= 180) || !(c.Y is >= -90 and <= 90)))
            {
                context.AddFailure("the area's longitudes are from -180 to 180 and its latitudes from -90 to 90 (GeoJSON order: [longitude, latitude])");
            }
            else if (new IsValidOp(geometry).ValidationError is { } invalid)
            {
                context.AddFailure($"the area is not a valid geometry: {invalid.Message} at [{invalid.Coordinate?.X}, {invalid.Coordinate?.Y}]");
            }
        });
        RuleFor(x => x.Identifiers).Custom((identifiers, context) =>
        {
            foreach (var (scheme, value) in identifiers ?? [])
            {
                var pattern = scheme switch { PlaceFields.Wikidata => WikidataId(), PlaceFields.GeoNames => GeoNamesId(), _ => null };
                if (pattern is null)
                {
                    context.AddFailure($"identifiers.{scheme}", $"identifier schemes of places are {PlaceFields.Wikidata} and {PlaceFields.GeoNames}");
                }
                else if (value is not null && !pattern.IsMatch(value.Trim().ToUpperInvariant()))
                {
                    context.AddFailure($"identifiers.{scheme}", scheme == PlaceFields.Wikidata ? "a Wikidata id is Q and digits, e.g. Q959" : "a GeoNames id is digits, e.g. 2013348");
                }
            }
        });
    }

    /// <summary>Whether the area's text is UTF-8 throughout: the body's reader lets a member name that is not through.</summary>
    private static bool Readable(JsonElement element)
    {
        try
        {
            _ = element.GetRawText();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A country's outline simplified for a map is well under this; a coastline at full detail is not for here.</summary>
    public const int MaxAreaCharacters = 2_000_000;

    [GeneratedRegex("^Q[1-9][0-9]{0,11}$")]
    private static partial Regex WikidataId();

    [GeneratedRegex("^[1-9][0-9]{0,11}$")]
    private static partial Regex GeoNamesId();
}
