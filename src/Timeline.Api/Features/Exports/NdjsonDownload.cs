using System.Text.Json;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// One event a line, exactly as <c>GET /api/events/{id}</c> returns it, plus its <c>claims</c> (as
/// <c>GET /api/events/{id}/claims</c> returns them) when it has any: the claims of a page of events are read in one query.
/// </summary>
public sealed class NdjsonDownload(Stream body, JsonSerializerOptions json, TimelineDbContext db, DateTimeOffset? at) : DownloadFormat
{
    public const string Type = "application/x-ndjson";

    private static readonly byte[] ClaimsMember = ",\"claims\":"u8.ToArray();

    public override string Name => DownloadFormats.Ndjson;
    public override string MediaType => Type;
    public override string Extension => "ndjson";

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        var claims = await EventClaims.ReadAsync(db, [.. events.Select(e => e.Id)], at, ct);
        using var page = new MemoryStream();
        foreach (var e in events)
        {
            JsonSerializer.Serialize(page, e, json);
            if (claims.TryGetValue(e.Id, out var linked))
            {
                // The event's object is written whole; its closing brace gives way to one more member.
                page.Position--;
                page.Write(ClaimsMember);
                JsonSerializer.Serialize(page, linked, json);
                page.WriteByte((byte)'}');
            }

            page.WriteByte((byte)'\n');
        }

        page.Position = 0;
        await page.CopyToAsync(body, ct);
        await body.FlushAsync(ct);
    }
}
