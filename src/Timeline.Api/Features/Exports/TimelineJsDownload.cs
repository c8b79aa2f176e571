using System.Net;
using System.Text.Json;
using Timeline.Api.Features.Events;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// A TimelineJS 3 document (<c>{ "events": [...] }</c>), one slide an event: its dates as year, month and day parts
/// to the event's precision, <c>display_date</c> as people write the EDTF date, grouped by type or by first actor,
/// the summary and the sources as the slide's text.
/// </summary>
public sealed class TimelineJsDownload(Stream body, bool groupByActor) : DownloadFormat, IAsyncDisposable
{
    public const string Type = "application/json";

    private readonly Utf8JsonWriter json = new(body);
    private readonly StringWriter slide = new(System.Globalization.CultureInfo.InvariantCulture);

    public override string Name => DownloadFormats.TimelineJs;
    public override string MediaType => Type;
    public override string Extension => "timeline.json";

    public override async Task StartAsync(CancellationToken ct)
    {
        json.WriteStartObject();
        json.WriteStartArray("events");
        await json.FlushAsync(ct);
    }

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        foreach (var e in events)
        {
            WriteSlide(e);
        }

        await json.FlushAsync(ct);
    }

    public override async Task EndAsync(CancellationToken ct)
    {
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await json.DisposeAsync();
        await slide.DisposeAsync();
    }

    private void WriteSlide(EventView e)
    {
        var parts = e.Precision switch { "day" => 3, "month" => 2, _ => 1 };
        var start = e.Earliest ?? e.Latest;
        var end = e.Latest ?? e.Earliest;
        json.WriteStartObject();
        json.WriteString("unique_id", "event-" + e.Id.ToString("D"));
        if (start is { } first)
        {
            WriteDate("start_date", first, parts);
            if (end is { } last && Cut(last, parts) != Cut(first, parts))
            {
                WriteDate("end_date", last, parts);
            }
        }

        json.WriteString("display_date", EdtfWords.Of(e.Occurred));
        json.WriteStartObject("text");
        json.WriteString("headline", WebUtility.HtmlEncode(e.Title));
        json.WriteString("text", SlideText(e));
        json.WriteEndObject();
        json.WriteString("group", groupByActor ? (e.Actors.FirstOrDefault() ?? "no actor") : e.Type);
        json.WriteEndObject();
    }

    private static DateOnly Cut(DateOnly day, int parts) => new(day.Year, parts > 1 ? day.Month : 1, parts > 2 ? day.Day : 1);

    private void WriteDate(string name, DateOnly day, int parts)
    {
        json.WriteStartObject(name);
        json.WriteNumber("year", day.Year);
        if (parts > 1)
        {
            json.WriteNumber("month", day.Month);
        }

        if (parts > 2)
        {
            json.WriteNumber("day", day.Day);
        }

        json.WriteEndObject();
    }

    /// <summary>The summary, then the event's type, status, actors and sources, as (escaped) HTML paragraphs.</summary>
    private string SlideText(EventView e)
    {
        // One writer for every slide: the paragraphs are encoded into it, not into a string each.
        slide.GetStringBuilder().Clear();
        Paragraph(e.Summary);
        Paragraph($"{e.Type} · {e.Status}{(e.Credibility is { } c ? $" · credibility {c}" : "")} · {string.Join(", ", e.Actors)}");
        foreach (var s in e.Sources)
        {
            Paragraph("Source: " + SourceText.Of(s));
        }

        return slide.ToString();
    }

    private void Paragraph(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        slide.Write("<p>");
        WebUtility.HtmlEncode(line, slide);
        slide.Write("</p>");
    }
}
