using System.Globalization;
using Mediator;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Places;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Exports;

/// <summary>The timeline query's filters, and how to write the download: the whole view, never a page of it.</summary>
public sealed record TimelineDownload : TimelineFilter
{
    /// <summary><c>csv</c>, <c>ndjson</c>, <c>ftm</c> or <c>timelinejs</c>.</summary>
    public string? Format { get; init; }

    /// <summary>An RFC 3339 instant: the timeline as it was recorded then.</summary>
    public string? AsOf { get; init; }

    /// <summary><c>asc</c> (default) or <c>desc</c>.</summary>
    public string? Order { get; init; }

    /// <summary>CSV only: <c>false</c> leaves out the UTF-8 byte-order mark the file starts with (default <c>true</c>).</summary>
    public string? Bom { get; init; }

    /// <summary>TimelineJS only: the slides' group, <c>type</c> (default) or <c>actor</c> (the event's first actor).</summary>
    public string? Group { get; init; }
}

/// <summary>
/// Downloads a timeline view whole: the query read page after page by its keyset (so memory holds one page, and the
/// first bytes leave as soon as the first page is read) and written in the format asked for.
/// </summary>
public static class DownloadTimeline
{
    public const int PageSize = 500;

    /// <summary>The pages after the first: fewer round trips, and still a few MB of events in memory.</summary>
    public const int LaterPageSize = 2_000;

    public const string Description = """
        The whole view (no limit, no cursor), streamed: format=csv (ACLED-like columns: event_date in EDTF, year,
        time_precision 1 day / 2 month / 3 year, earliest, latest, event_type, title, actors, status, credibility, sources,
        notes, tags, sanction_authority, sanction_program, timestamp; RFC 4180, UTF-8 starting with a byte-order mark so
        that spreadsheet programs show Cyrillic, Hangul and Han as written, bom=false leaves it out; cells that would run
        as formulas escaped with an apostrophe), format=ndjson (one event a line as GET /api/events/{id} returns it, with its
        claims as GET /api/events/{id}/claims returns them when it has any), format=ftm (FollowTheMoney entities, one a
        line: actors by kind, events as Event, designations as Sanction, claims as Note on their event, places as Address,
        stable ids), format=timelinejs (a TimelineJS 3 document; group=type or group=actor), or format=geojson (a GeoJSON
        FeatureCollection, one Feature per event place; the CSV's latitude, longitude and geo_precision are the event's
        main place). Content-Disposition names the file.

            curl -OJ "$API/api/timeline/download?format=csv&actor=KP&from=2024" -H "Authorization: Bearer $KEY"
        """;

    /// <summary>The download's answer: the format and the first page checked here (a bad parameter is a 400, not a broken stream).</summary>
    public static async Task<IResult> Answer(TimelineQuery query, string? format, string? group, string name, HttpContext http,
        IMediator mediator, CancellationToken ct, string? bom = null)
    {
        if (format is null || !DownloadFormats.All.Contains(format))
        {
            throw ProblemException.BadRequest("format", $"format is one of {string.Join(", ", DownloadFormats.All)}");
        }

        if (group is not (null or "type" or "actor"))
        {
            throw ProblemException.BadRequest("group", "group is type (the default) or actor");
        }

        if (bom is not (null or "true" or "false"))
        {
            throw ProblemException.BadRequest("bom", "bom is true (the default: the CSV starts with a UTF-8 byte-order mark) or false");
        }

        query = query with { Limit = PageSize.ToString(CultureInfo.InvariantCulture), Cursor = null };
        var snapshot = await DownloadSnapshot.BeginAsync(http.RequestServices, ct);
        // Ended when the response is, should the stream never start.
        http.Response.RegisterForDisposeAsync(snapshot);
        DownloadFormat writer;
        Timeline.Api.Features.Timelines.TimelinePage first;
        try
        {
            first = await mediator.Send(query, ct);
            // The writer writes to the response's body, which is the stream Results.Stream hands its callback.
            writer = Create(format, http.Response.Body, group, bom != "false", TimelineQueryHandler.ParseInstant(query.AsOf), http.RequestServices);
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }

        var contentType = writer.MediaType + (writer.MediaType == CsvDownload.Type ? "; charset=utf-8; header=present" : "; charset=utf-8");
        var db = http.RequestServices.GetRequiredService<TimelineDbContext>();
        return Results.Stream(async _ =>
        {
            await using var pages = snapshot;
            Task<Timeline.Api.Features.Timelines.TimelinePage>? next = null;
            try
            {
                await writer.StartAsync(ct);
                // The later pages: the query resolved once (its actors stand for the same codes in the one snapshot), and
                // longer pages than a client may ask for.
                var later = ((TimelineQuery)await query.ResolveAsync(db, ct)) with { Limit = LaterPageSize.ToString(CultureInfo.InvariantCulture) };
                var page = first;
                await writer.PrepareAsync(page.Items, ct);
                while (true)
                {
                    // The next page is read (PostgreSQL finding its rows, the API reading them) while this one is written.
                    next = page.NextCursor is { } cursor ? Task.Run(() => TimelineQueryHandler.ReadPageAsync(db, later with { Cursor = cursor }, ct, writer.PlacedOnly), ct) : null;
                    await writer.WritePageAsync(page.Items, ct);
                    if (next is null)
                    {
                        break;
                    }

                    page = await next;
                    next = null;
                    await writer.PrepareAsync(page.Items, ct);
                }

                await writer.EndAsync(ct);
            }
            finally
            {
                // A page still being read (the client went away) is let finish before the snapshot ends.
                if (next is not null)
                {
                    await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (writer is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }, contentType, $"{name}.{writer.Extension}");
    }

    /// <summary>The writer of a format; <paramref name="at"/> is the download's <c>asOf</c>, for the claims of its events as known then.</summary>
    private static DownloadFormat Create(string format, Stream body, string? group, bool byteOrderMark, DateTimeOffset? at,
        IServiceProvider services) => format switch
    {
        DownloadFormats.Csv => new CsvDownload(body, byteOrderMark, new PlaceBook(services.GetRequiredService<TimelineDbContext>())),
        DownloadFormats.GeoJson => new GeoJsonDownload(body, new PlaceBook(services.GetRequiredService<TimelineDbContext>())),
        DownloadFormats.Ndjson => new NdjsonDownload(body, services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions,
            services.GetRequiredService<TimelineDbContext>(), at),
        DownloadFormats.Ftm => new FtmDownload(body, services.GetRequiredService<TimelineDbContext>(), at),
        _ => new TimelineJsDownload(body, group == "actor"),
    };
}
