using System.Globalization;
using CsvHelper;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Places;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// One row an event in the columns conflict researchers know from ACLED (<c>event_date</c>, <c>year</c>,
/// <c>time_precision</c> 1 day / 2 month / 3 year, <c>notes</c>, <c>source</c>…), with the EDTF text and its bounds
/// beside them. RFC 4180 (CRLF, quotes doubled), UTF-8 starting with a byte-order mark unless asked not to (spreadsheet
/// programs read a file without one in the machine's legacy code page, and Cyrillic, Hangul or Han names come out
/// garbled); a cell that a spreadsheet would run as a formula (starting
/// with = + - @, a tab or a carriage return) is escaped with a leading apostrophe, as OWASP advises.
/// </summary>
public sealed class CsvDownload : DownloadFormat, IAsyncDisposable
{
    public const string Type = "text/csv";

    public static readonly string[] Columns =
    [
        "event_id", "event_date", "year", "time_precision", "earliest", "latest", "event_type", "title", "actors", "status",
        "credibility", "sources", "notes", "tags", "sanction_authority", "sanction_program", "timestamp",
        "latitude", "longitude", "geo_precision",
    ];

    private readonly Stream body;
    private readonly MemoryStream page = new();
    private readonly CsvWriter csv;
    private readonly bool byteOrderMark;
    private readonly PlaceBook? places;

    /// <summary>Rows are written to memory a page at a time, then sent with one asynchronous write (the response takes no synchronous ones).</summary>
    public CsvDownload(Stream body, bool byteOrderMark = true, PlaceBook? places = null)
    {
        this.body = body;
        this.byteOrderMark = byteOrderMark;
        this.places = places;
        csv = CsvWriter.Create(page, new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.Escape, WriteByteOrderMark = false }, leaveOpen: true);
    }

    public override string Name => DownloadFormats.Csv;
    public override string MediaType => Type;
    public override string Extension => "csv";

    public override async Task StartAsync(CancellationToken ct)
    {
        if (byteOrderMark)
        {
            page.Write(System.Text.Encoding.UTF8.Preamble);
        }

        csv.WriteRecord(Columns);
        await SendAsync(ct);
    }

    public override async Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        if (places is not null)
        {
            await places.ReadAsync(events, ct);
        }
    }

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            csv.WriteRecord(Row(e));
        }

        await SendAsync(ct);
    }

    private async Task SendAsync(CancellationToken ct)
    {
        await csv.FlushAsync(ct);
        await body.WriteAsync(page.GetBuffer().AsMemory(0, (int)page.Length), ct);
        await body.FlushAsync(ct);
        page.SetLength(0);
    }

    /// <summary>ACLED's time precision: 1 the day is known, 2 the month, 3 the year.</summary>
    public static int TimePrecision(string precision) => precision switch
    {
        "day" => 1,
        "month" => 2,
        _ => 3,
    };

    private string[] Row(EventView e) =>
    [
        e.Id.ToString("D"),
        e.Occurred,
        (e.Earliest ?? e.Latest)?.Year.ToString(CultureInfo.InvariantCulture) ?? "",
        TimePrecision(e.Precision).ToString(CultureInfo.InvariantCulture),
        Day(e.Earliest),
        Day(e.Latest),
        e.Type,
        e.Title,
        string.Join("; ", e.Actors),
        e.Status,
        e.Credibility?.ToString(CultureInfo.InvariantCulture) ?? "",
        string.Join(" | ", e.Sources.Select(SourceText.Of)),
        e.Summary,
        string.Join("; ", e.Tags),
        e.Sanction?.Authority ?? "",
        e.Sanction?.Program ?? "",
        e.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        .. Where(e),
    ];

    /// <summary>ACLED's latitude, longitude and geo_precision (1 exact or near, 2 city or region, 3 country) of the event's main place; empty without one.</summary>
    private string[] Where(EventView e) =>
        places?.MainPlaceOf(e) is var (at, place) && PlaceBook.PointOf(place) is { } point
            ? [Degrees(point.Y), Degrees(point.X), PlaceWords.GeoPrecision(at.Precision).ToString(CultureInfo.InvariantCulture)]
            : ["", "", ""];

    private static string Degrees(double value) => Math.Round(value, 5).ToString("0.#####", CultureInfo.InvariantCulture);

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public async ValueTask DisposeAsync()
    {
        await csv.DisposeAsync();
        await page.DisposeAsync();
    }
}
