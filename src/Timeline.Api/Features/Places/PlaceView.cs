using System.Text.Json;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Places;

/// <summary>A place as the API returns it: its point as <c>[longitude, latitude]</c>, its area as a GeoJSON geometry.</summary>
public sealed record PlaceView(
    string Code,
    string Name,
    string Kind,
    string[] Aliases,
    double[]? Point,
    JsonElement? Area,
    IReadOnlyDictionary<string, string> Identifiers,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int Version)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"{Version}\"";

    /// <summary>In a name search only: which of the place's names matched the query, and how well.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Actors.ActorMatch? Match { get; init; }
}

public static class PlaceViews
{
    public static PlaceView ToView(this Place p) => new(p.Code, p.Name, p.Kind, p.Aliases,
        p.Point is { } point ? [point.X, point.Y] : null,
        p.Area is { } area ? JsonSerializer.SerializeToElement(area, PlaceFields.GeoJson) : null,
        IdentifiersOf(p), p.RecordedAt, p.UpdatedAt, p.UpdatedBy, p.Version);

    public static IReadOnlyDictionary<string, string> IdentifiersOf(Place p) => Identifiers(p.Wikidata, p.GeoNames);

    public static IReadOnlyDictionary<string, string> Identifiers(string? wikidata, string? geoNames)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (geoNames is not null)
        {
            map[PlaceFields.GeoNames] = geoNames;
        }

        if (wikidata is not null)
        {
            map[PlaceFields.Wikidata] = wikidata;
        }

        return map;
    }
}

/// <summary>Places in history: each version a revision saying what it was, who made it and when.</summary>
public sealed class PlaceHistory : HistoryOf<Place, PlaceView>
{
    public static readonly PlaceHistory Kind = new();

    public override string Entity => ChangeEntities.Place;
    public override string IdOf(Place record) => record.Code;
    public override PlaceView ViewOf(Place record) => record.ToView();

    public override Task AddRevisionAsync(TimelineDbContext db, Place record, string change, string? reason, CancellationToken ct)
    {
        db.PlaceRevisions.Add(record.ToRevision(change));
        return Task.CompletedTask;
    }
}
