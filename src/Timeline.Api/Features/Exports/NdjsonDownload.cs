using System.Text.Json;
using Timeline.Api.Features.Events;

namespace Timeline.Api.Features.Exports;

/// <summary>One event a line, exactly as <c>GET /api/events/{id}</c> returns it.</summary>
public sealed class NdjsonDownload(Stream body, JsonSerializerOptions json) : DownloadFormat
{
    public const string Type = "application/x-ndjson";

    public override string Name => DownloadFormats.Ndjson;
    public override string MediaType => Type;
    public override string Extension => "ndjson";

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        using var page = new MemoryStream();
        foreach (var e in events)
        {
            JsonSerializer.Serialize(page, e, json);
            page.WriteByte((byte)'\n');
        }

        page.Position = 0;
        await page.CopyToAsync(body, ct);
        await body.FlushAsync(ct);
    }
}
