using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Places;
using NetTopologySuite.Geometries;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// A GeoJSON FeatureCollection (RFC 7946): one Feature per event place, its geometry the place's point when the source
/// is precise (exact, near) and its area when the source names only a city, region or country; the event's id, title,
/// dates and date precision, and the place's code, name, role, precision, <c>geo_precision</c> and <c>uncertaintyKm</c>
/// in its properties (a map draws the uncertainty as a circle around the point). Events without a place have no feature.
/// A feature is put together from bytes made once: the event's members once per event, each place's shape, code and
/// name once per download (a place is named by thousands of events), so that only the place's role, precision and
/// uncertainty are written per feature (serialising each shape per feature was most of the download's writing).
/// </summary>
public sealed class GeoJsonDownload(Stream body, PlaceBook places) : DownloadFormat, IAsyncDisposable
{
    public const string Type = "application/geo+json";

    public override string Name => DownloadFormats.GeoJson;
    public override string MediaType => Type;
    public override string Extension => "geojson";

    /// <summary>An event without a shaped place has no feature (its footprint is null exactly then, kept so as places change).</summary>
    public override bool PlacedOnly => true;

    private readonly ArrayBufferWriter<byte> page = new(1 << 16);
    private readonly ArrayBufferWriter<byte> scratch = new(1 << 10);
    private readonly Dictionary<Geometry, byte[]> shapes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, PlaceBytes> placeBytes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> words = new(StringComparer.Ordinal);
    private Utf8JsonWriter? writer;
    private bool first = true;

    private Utf8JsonWriter Json => writer ??= new Utf8JsonWriter(scratch);

    public override async Task StartAsync(CancellationToken ct)
    {
        await body.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":["u8.ToArray(), ct);
    }

    public override Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct) => places.ReadAsync(events, ct);

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        page.ResetWrittenCount();
        foreach (var e in events)
        {
            byte[]? members = null;
            foreach (var at in e.Places)
            {
                if (places.Places.GetValueOrDefault(at.Place) is not { } place || Footprint.ShapeOf(at, place) is not { } shape)
                {
                    continue;
                }

                Put(first ? "{\"type\":\"Feature\",\"id\":\""u8 : ",{\"type\":\"Feature\",\"id\":\""u8);
                first = false;
                members ??= EventMembers(e);
                WriteFeature(e, at, PlaceBytesOf(place), ShapeBytesOf(shape), members);
            }
        }

        await body.WriteAsync(page.WrittenMemory, ct);
        await body.FlushAsync(ct);
    }

    public override async Task EndAsync(CancellationToken ct)
    {
        await body.WriteAsync("]}"u8.ToArray(), ct);
        await body.FlushAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        writer?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The feature after its opening <c>{"type":"Feature","id":"</c>: the members in the order they always had.</summary>
    private void WriteFeature(EventView e, EventPlace at, PlaceBytes place, byte[] shape, byte[] members)
    {
        e.Id.TryFormat(page.GetSpan(36), out var written, "D");
        page.Advance(written);
        Put("/"u8);
        Put(place.Code);
        Put("/"u8);
        Put(WordOf(at.Role));
        Put("\",\"geometry\":"u8);
        Put(shape);
        Put(",\"properties\":"u8);
        Put(members);
        Put(","u8);
        Put(place.Members);
        Put(","u8);
        var json = Begin();
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

        Put(Members());
        Put("}}"u8);
    }

    /// <summary>The event's members of a feature's properties, <c>{"eventId":…,"status":…</c> (left open for the place's).</summary>
    private byte[] EventMembers(EventView e)
    {
        var json = Begin();
        json.WriteString("eventId", e.Id);
        json.WriteString("title", e.Title);
        json.WriteString("occurred", e.Occurred);
        WriteDay(json, "earliest", e.Earliest);
        WriteDay(json, "latest", e.Latest);
        json.WriteString("datePrecision", e.Precision);
        json.WriteString("type", e.Type);
        json.WriteString("status", e.Status);
        return [(byte)'{', .. Members()];
    }

    private PlaceBytes PlaceBytesOf(Place place)
    {
        if (!placeBytes.TryGetValue(place.Code, out var bytes))
        {
            var json = Begin();
            json.WriteString("place", place.Code);
            json.WriteString("placeName", place.Name);
            bytes = placeBytes[place.Code] = new PlaceBytes(JsonEncodedText.Encode(place.Code).EncodedUtf8Bytes.ToArray(), Members().ToArray());
        }

        return bytes;
    }

    private byte[] ShapeBytesOf(Geometry shape)
    {
        if (!shapes.TryGetValue(shape, out var bytes))
        {
            scratch.ResetWrittenCount();
            Json.Reset(scratch);
            JsonSerializer.Serialize(Json, shape, PlaceFields.GeoJson);
            Json.Flush();
            bytes = shapes[shape] = scratch.WrittenSpan.ToArray();
        }

        return bytes;
    }

    /// <summary>A role as JSON text escapes it inside the feature's id.</summary>
    private byte[] WordOf(string word)
    {
        if (!words.TryGetValue(word, out var bytes))
        {
            bytes = words[word] = JsonEncodedText.Encode(word).EncodedUtf8Bytes.ToArray();
        }

        return bytes;
    }

    /// <summary>An object begun in the scratch buffer, whose members <see cref="Members"/> gives.</summary>
    private Utf8JsonWriter Begin()
    {
        scratch.ResetWrittenCount();
        Json.Reset(scratch);
        Json.WriteStartObject();
        return Json;
    }

    /// <summary>The members written since <see cref="Begin"/>, without the braces around them.</summary>
    private ReadOnlySpan<byte> Members()
    {
        Json.WriteEndObject();
        Json.Flush();
        return scratch.WrittenSpan[1..^1];
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(page.GetSpan(bytes.Length));
        page.Advance(bytes.Length);
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

    /// <summary>A place's code as the feature's id holds it, and its <c>"place":…,"placeName":…</c> members.</summary>
    private sealed record PlaceBytes(byte[] Code, byte[] Members);
}
