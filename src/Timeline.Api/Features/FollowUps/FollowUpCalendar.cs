using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Exports;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>
/// The follow-ups as an RFC 5545 calendar: each open or overdue one an all-day event on its due date's last day
/// (from first to last day where the due date is an interval), with its event's title and a link; a cancelled one
/// stays with <c>STATUS:CANCELLED</c>, so calendars strike it out. The UID is the follow-up's, the SEQUENCE counts
/// its changes. Read a page at a time by (last day, id), never held whole.
/// </summary>
public static class FollowUpCalendar
{
    public const string MediaType = "text/calendar";
    public const int PageSize = 500;

    private static readonly string[] Shown = [FollowUpStatuses.Open, FollowUpStatuses.Overdue, FollowUpStatuses.Cancelled];

    private sealed record Entry(Guid Id, Guid EventId, string Description, string Due, DateOnly DueEarliest, DateOnly DueLatest,
        string Status, DateTimeOffset UpdatedAt, int Version, string EventTitle);

    public static void MapFollowUpCalendar(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/follow-ups.ics", (HttpContext http, TimelineDbContext db, CancellationToken ct) =>
        {
            var request = http.Request;
            var baseUri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
            return Results.Stream(body => WriteAsync(body, db, baseUri, ct), $"{MediaType}; charset=utf-8", "follow-ups.ics");
        })
        .WithTags("Follow-ups")
        .WithSummary("Open and overdue follow-ups as an iCalendar feed (RFC 5545), one all-day event each on its due day; cancelled ones as CANCELLED; a calendar may send a feed token as ?token=")
        .Produces(StatusCodes.Status200OK, contentType: MediaType)
        .TakesFeedTokens()
        .RunsAtMost(ConcurrencyCaps.Streams);

    private static async Task WriteAsync(Stream body, TimelineDbContext db, Uri baseUri, CancellationToken ct)
    {
        // Each page is written to memory, then sent with one asynchronous write (the response takes no synchronous ones).
        using var buffer = new MemoryStream();
        await using var text = new StreamWriter(buffer, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//Timeline//Follow-ups//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "X-WR-CALNAME:Timeline follow-ups");
        (DateOnly Latest, Guid Id)? after = null;
        while (true)
        {
            var query = db.FollowUps.AsNoTracking().Where(f => Shown.Contains(f.Status) && (f.DueLatest != DateOnly.MaxValue || f.DueEarliest != DateOnly.MinValue));
            if (after is { } a)
            {
                query = query.Where(f => EF.Functions.GreaterThan(ValueTuple.Create(f.DueLatest, f.Id), ValueTuple.Create(a.Latest, a.Id)));
            }

            var page = await query.OrderBy(f => f.DueLatest).ThenBy(f => f.Id).Take(PageSize)
                .Join(db.Events, f => f.EventId, e => e.EventId, (f, e) => new Entry(f.Id, f.EventId, f.Description, f.Due, f.DueEarliest, f.DueLatest,
                    f.Status, f.UpdatedAt, f.Version, e.Title))
                .ToListAsync(ct);
            foreach (var entry in page.OrderBy(f => f.DueLatest).ThenBy(f => f.Id))
            {
                WriteEvent(text, entry, baseUri);
            }

            await SendAsync(text, buffer, body, ct);
            if (page.Count < PageSize)
            {
                break;
            }

            var last = page.MaxBy(f => (f.DueLatest, f.Id))!;
            after = (last.DueLatest, last.Id);
        }

        Line(text, "END:VCALENDAR");
        await SendAsync(text, buffer, body, ct);
    }

    private static async Task SendAsync(StreamWriter text, MemoryStream buffer, Stream body, CancellationToken ct)
    {
        await text.FlushAsync(ct);
        await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        await body.FlushAsync(ct);
        buffer.SetLength(0);
    }

    private static void WriteEvent(StreamWriter text, Entry f, Uri baseUri)
    {
        // The last day; an interval from its first; an open end (never due) on its first day.
        var interval = f.Due.Contains('/', StringComparison.Ordinal) && f.DueEarliest != DateOnly.MinValue && f.DueLatest != DateOnly.MaxValue;
        var last = f.DueLatest != DateOnly.MaxValue ? f.DueLatest : f.DueEarliest;
        var first = interval ? f.DueEarliest : last;
        var link = new Uri(baseUri, $"api/events/{f.EventId:D}").AbsoluteUri;
        Line(text, "BEGIN:VEVENT");
        Line(text, $"UID:follow-up-{f.Id:D}@timeline");
        Line(text, $"DTSTAMP:{Stamp(f.UpdatedAt)}");
        Line(text, $"LAST-MODIFIED:{Stamp(f.UpdatedAt)}");
        Line(text, $"SEQUENCE:{f.Version - 1}");
        Line(text, $"DTSTART;VALUE=DATE:{Day(first)}");
        Line(text, $"DTEND;VALUE=DATE:{Day(last.AddDays(1))}");
        Line(text, "SUMMARY:" + Escape(f.Description));
        Line(text, "DESCRIPTION:" + Escape($"Expected after: {f.EventTitle}\nDue: {EdtfWords.Of(f.Due)} ({f.Due}), {f.Status}\n{link}"));
        Line(text, "URL:" + link);
        Line(text, "TRANSP:TRANSPARENT");
        Line(text, "STATUS:" + (f.Status == FollowUpStatuses.Cancelled ? "CANCELLED" : "CONFIRMED"));
        Line(text, "END:VEVENT");
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>A content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence.</summary>
    private static void Line(StreamWriter text, string line)
    {
        var octets = 0;
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var size = char.IsHighSurrogate(line[i]) ? 4 : Encoding.UTF8.GetByteCount(line.AsSpan(i, 1));
            var limit = start == 0 ? 75 : 74;
            if (octets + size > limit)
            {
                text.Write(line.AsSpan(start, i - start));
                text.Write("\r\n ");
                start = i;
                octets = 0;
            }

            octets += size;
            if (char.IsHighSurrogate(line[i]))
            {
                i++;
            }
        }

        text.Write(line.AsSpan(start));
        text.WriteLine();
    }
}
