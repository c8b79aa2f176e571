using System.Globalization;
using System.Text.Json;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Places;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// A GeoJSON FeatureCollection (RFC 7946): one Feature per event place, its geometry the place's point when the source
/// is precise (exact, near) and its area when the source names only a city, region or country; the event's id, title,
/// dates and date precision, and the place's code, name, role, precision, <c>geo_precision</c> and <c>uncertaintyKm</c>
/// in its properties (a map draws the uncertainty as a circle around the point). Events without a place have no feature.
/// </summary>
public sealed class GeoJsonDownload(Stream body, PlaceBook places) : DownloadFormat
{
    public const string Type = "application/geo+json";

    public override string Name => DownloadFormats.GeoJson;
    public override string MediaType => Type;
    public override string Extension => "geojson";

    private bool first = true;

    public override async Task StartAsync(CancellationToken ct)
    {
        await body.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":["u8.ToArray(), ct);
    }

    public override Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct) => places.ReadAsync(events, ct);

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        using var page = new MemoryStream();
        await using (var json = new Utf8JsonWriter(page))
        {
            foreach (var e in events)
            {
                foreach (var at in e.Places)
                {
                    if (places.Places.GetValueOrDefault(at.Place) is not { } place || Footprint.ShapeOf(at, place) is not { } shape)
                    {
                        continue;
                    }

                    if (!first)
                    {
                        page.WriteByte((byte)',');
                    }

                    first = false;
                    // One feature is one JSON value: written, flushed, and the writer made ready for the next.
                    WriteFeature(json, e, at, place, shape);
                    json.Flush();
                    json.Reset(page);
                }
            }
        }

        page.Position = 0;
        await page.CopyToAsync(body, ct);
        await body.FlushAsync(ct);
    }

    public override async Task EndAsync(CancellationToken ct)
    {
        await body.WriteAsync("]}"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }

    private static void WriteFeature(Utf8JsonWriter json, EventView e, EventPlace at, Place place, NetTopologySuite.Geometries.Geometry shape)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteString("id", $"{e.Id:D}/{at.Place}/{at.Role}");
        json.WritePropertyName("geometry");
        JsonSerializer.Serialize(json, shape, PlaceFields.GeoJson);
        json.WriteStartObject("properties");
        json.WriteString("eventId", e.Id.ToString("D"));
        json.WriteString("title", e.Title);
        json.WriteString("occurred", e.Occurred);
        WriteDay(json, "earliest", e.Earliest);
        WriteDay(json, "latest", e.Latest);
        json.WriteString("datePrecision", e.Precision);
        json.WriteString("type", e.Type);
        json.WriteString("status", e.Status);
        json.WriteString("place", place.Code);
        json.WriteString("placeName", place.Name);
        json.WriteString("role", at.Role);
        json.WriteString("precision", at.Precision);
        json.WriteNumber("geo_precision", PlaceWords.GeoPrecision(at.Precision));
        if (at.UncertaintyKm is { } km)
        {
            json.WriteNumber("uncertaintyKm", km);
        }
        else
        {
            json.WriteNull("uncertaintyKm");
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteDay(Utf8JsonWriter json, string name, DateOnly? day)
    {
        if (day is { } d)
        {
            json.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
