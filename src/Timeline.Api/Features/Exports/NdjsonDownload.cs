using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// One event a line, exactly as <c>GET /api/events/{id}</c> returns it, plus its <c>claims</c> (as
/// <c>GET /api/events/{id}/claims</c> returns them) when it has any: the claims of a page of events are read in one query.
/// </summary>
public sealed class NdjsonDownload(Stream body, JsonSerializerOptions json, TimelineDbContext db, DateTimeOffset? at) : DownloadFormat, IAsyncDisposable
{
    public const string Type = "application/x-ndjson";

    private static readonly byte[] ClaimsMember = ",\"claims\":"u8.ToArray();

    // One buffer for every page: a page's bytes are sent with one write.
    private readonly MemoryStream page = new();
    private readonly Utf8JsonWriter line = new(Stream.Null, new JsonWriterOptions { Encoder = json.Encoder, Indented = json.WriteIndented });
    private readonly JsonTypeInfo<EventView> eventInfo = (JsonTypeInfo<EventView>)json.GetTypeInfo(typeof(EventView));
    private readonly JsonTypeInfo<List<EventClaimView>> claimsInfo = (JsonTypeInfo<List<EventClaimView>>)json.GetTypeInfo(typeof(List<EventClaimView>));

    public override string Name => DownloadFormats.Ndjson;
    public override string MediaType => Type;
    public override string Extension => "ndjson";

    private readonly DownloadClaims claimsOf = new(db, at);
    private Dictionary<Guid, List<EventClaimView>> claims = [];

    public override async Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct) =>
        claims = await claimsOf.OfAsync(events, ct);

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        page.SetLength(0);
        foreach (var e in events)
        {
            // One writer for the download, one line a value; the types' serialization contracts are looked up once.
            line.Reset(page);
            JsonSerializer.Serialize(line, e, eventInfo);
            line.Flush();
            if (claims.TryGetValue(e.Id, out var linked))
            {
                // The event's object is written whole; its closing brace gives way to one more member.
                page.Position--;
                page.Write(ClaimsMember);
                line.Reset(page);
                JsonSerializer.Serialize(line, linked, claimsInfo);
                line.Flush();
                page.WriteByte((byte)'}');
            }

            page.WriteByte((byte)'\n');
        }

        await body.WriteAsync(page.GetBuffer().AsMemory(0, (int)page.Length), ct);
        await body.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await line.DisposeAsync();
        await page.DisposeAsync();
    }
}
