using System.Buffers;
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

    // A cell that joins several values (actors, sources, tags), built here and handed to the writer as text.
    private readonly ArrayBufferWriter<char> cell = new(1024);

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
            WriteRow(e);
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

    /// <summary>
    /// One event's row, its cells written one by one (each as <see cref="CsvWriter.WriteField(ReadOnlySpan{char})"/> takes
    /// text, so quoting and the formula escape are the writer's), numbers and dates formatted in place and the lists
    /// joined in one reused buffer: no array or string a row.
    /// </summary>
    private void WriteRow(EventView e)
    {
        Span<char> text = stackalloc char[64];
        Cell(text, e.Id, "D");
        csv.WriteField(e.Occurred);
        Cell(text, (e.Earliest ?? e.Latest)?.Year, "");
        Cell(text, TimePrecision(e.Precision), "");
        Cell(text, e.Earliest, "yyyy-MM-dd");
        Cell(text, e.Latest, "yyyy-MM-dd");
        csv.WriteField(e.Type);
        csv.WriteField(e.Title);
        Joined(e.Actors, "; ");
        csv.WriteField(e.Status);
        Cell(text, e.Credibility, "");
        cell.ResetWrittenCount();
        for (var i = 0; i < e.Sources.Count; i++)
        {
            if (i > 0)
            {
                cell.Write(" | ");
            }

            SourceText.Write(cell, e.Sources[i]);
        }

        csv.WriteField(cell.WrittenSpan);
        csv.WriteField(e.Summary);
        Joined(e.Tags, "; ");
        csv.WriteField(e.Sanction?.Authority ?? "");
        csv.WriteField(e.Sanction?.Program ?? "");
        Cell(text, e.UpdatedAt, "O");
        foreach (var where in Where(e))
        {
            csv.WriteField(where);
        }

        csv.EndRecord();
    }

    private void Cell<T>(Span<char> text, T? value, string format) where T : struct, ISpanFormattable =>
        csv.WriteField(value is { } v && v.TryFormat(text, out var written, format, CultureInfo.InvariantCulture) ? text[..written] : []);

    private void Cell<T>(Span<char> text, T value, string format) where T : ISpanFormattable =>
        csv.WriteField(value.TryFormat(text, out var written, format, CultureInfo.InvariantCulture) ? text[..written] : value.ToString(format, CultureInfo.InvariantCulture));

    private void Joined(string[] values, string separator)
    {
        cell.ResetWrittenCount();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                cell.Write(separator);
            }

            cell.Write(values[i]);
        }

        csv.WriteField(cell.WrittenSpan);
    }

    /// <summary>ACLED's latitude, longitude and geo_precision (1 exact or near, 2 city or region, 3 country) of the event's main place; empty without one.</summary>
    private string[] Where(EventView e) =>
        places?.MainPlaceOf(e) is var (at, place) && PlaceBook.PointOf(place) is { } point
            ? [Degrees(point.Y), Degrees(point.X), PlaceWords.GeoPrecision(at.Precision).ToString(CultureInfo.InvariantCulture)]
            : ["", "", ""];

    private static string Degrees(double value) => Math.Round(value, 5).ToString("0.#####", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await csv.DisposeAsync();
        await page.DisposeAsync();
    }
}
