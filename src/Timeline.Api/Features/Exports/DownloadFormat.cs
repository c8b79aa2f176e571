using Timeline.Api.Features.Events;

namespace Timeline.Api.Features.Exports;

/// <summary>One way a timeline downloads: written a page of events at a time, so a whole timeline is never held.</summary>
public abstract class DownloadFormat
{
    /// <summary>The <c>format</c> parameter's value.</summary>
    public abstract string Name { get; }

    public abstract string MediaType { get; }

    /// <summary>The file name's ending, after the timeline's name.</summary>
    public abstract string Extension { get; }

    /// <summary>
    /// Whether the format writes only events placed where a place has a shape: then the pages after the first read only
    /// those (a third of a timeline, say), and PostgreSQL passes over the others instead of the API reading them.
    /// </summary>
    public virtual bool PlacedOnly => false;

    public virtual Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Reads what a page's events need beside them (claims, places, actors), before the page is written.</summary>
    public virtual Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Writes a page <see cref="PrepareAsync">prepared</see> before; it must not use the database, which reads the next page meanwhile.</summary>
    public abstract Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct);

    public virtual Task EndAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The formats by the <c>format</c> parameter's values, each made for one response body.</summary>
public static class DownloadFormats
{
    public const string Csv = "csv";
    public const string Ndjson = "ndjson";
    public const string Ftm = "ftm";
    public const string TimelineJs = "timelinejs";
    public const string GeoJson = "geojson";

    public static readonly string[] All = [Csv, Ndjson, Ftm, TimelineJs, GeoJson];

    /// <summary>What each format's body is, for the OpenAPI document: media type and what it holds.</summary>
    public static readonly (string MediaType, string Description)[] Bodies =
    [
        (CsvDownload.Type, "format=csv: one row an event, ACLED-like columns (event_date in EDTF beside time_precision 1 day, 2 month, 3 year), RFC 4180, UTF-8 starting with a byte-order mark (bom=false leaves it out)"),
        (NdjsonDownload.Type, "format=ndjson: one event a line, as GET /api/events/{id} returns it (with its claims, when it has any); format=ftm: FollowTheMoney entities, one a line (actors, Event, Sanction, Note)"),
        (TimelineJsDownload.Type, "format=timelinejs: a TimelineJS 3 document, { \"events\": [...] }"),
        (GeoJsonDownload.Type, "format=geojson: a GeoJSON FeatureCollection (RFC 7946), one Feature per event place, the event's id, title, dates, precision and uncertainty in its properties"),
    ];
}
