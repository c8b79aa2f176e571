using System.Buffers;
using System.Text.Json;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>The change log as NDJSON: one change a line, the first page as checked, then page after page to the log's end.</summary>
public static class ChangeNdjson
{
    public static async Task WriteAsync(Stream body, TimelineDbContext db, ChangePage first, string[]? entities, int pageSize, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var line = new Utf8JsonWriter(buffer);
        foreach (var change in first.Items)
        {
            Write(line, buffer, change.Position, change.At, change.Kind, change.Entity, change.Id, change.Version, change.Data.GetRawText());
        }

        await SendAsync(body, buffer, ct);
        if (first.Items.Count < pageSize)
        {
            return;
        }

        var next = LogPosition.Decode(first.NextCursor)!.Value;
        while (true)
        {
            var page = await ChangeLogReader.ReadAsync(db, next, pageSize, entities, ct);
            foreach (var c in page.Items)
            {
                Write(line, buffer, c.Position.Encode(), c.At, c.Kind, c.Entity, c.EntityId, c.Version, c.Data);
            }

            await SendAsync(body, buffer, ct);
            if (page.Items.Count < pageSize)
            {
                return;
            }

            next = page.Next;
        }
    }

    /// <summary>Each page goes out as soon as it is read: the first bytes leave at once, and memory holds one page.</summary>
    private static async Task SendAsync(Stream body, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        await body.WriteAsync(buffer.WrittenMemory, ct);
        await body.FlushAsync(ct);
        buffer.ResetWrittenCount();
    }

    private static void Write(Utf8JsonWriter line, ArrayBufferWriter<byte> buffer, string position, DateTimeOffset at, string kind,
        string entity, string id, int version, string data)
    {
        line.Reset(buffer);
        line.WriteStartObject();
        line.WriteString("position", position);
        line.WriteString("at", at);
        line.WriteString("kind", kind);
        line.WriteString("entity", entity);
        line.WriteString("id", id);
        line.WriteNumber("version", version);
        line.WritePropertyName("data");
        // Stored as the API wrote it, so it goes out as it is.
        line.WriteRawValue(data, skipInputValidation: true);
        line.WriteEndObject();
        line.Flush();
        buffer.Write("\n"u8);
    }
}
