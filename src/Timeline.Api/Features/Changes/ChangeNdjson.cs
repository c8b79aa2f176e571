using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>The change log as NDJSON: one change a line, the first page as checked, then page after page to the log's end.</summary>
public static class ChangeNdjson
{
    public static async Task WriteAsync(Stream body, TimelineDbContext db, ChangePage first, string[]? entities, int pageSize, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(SendAt + (64 * 1024));
        using var line = new Utf8JsonWriter(buffer);
        foreach (var change in first.Items)
        {
            Write(line, buffer, change.Position, change.At, change.Kind, change.Entity, change.Id, change.Version, JsonMarshal.GetRawUtf8Value(change.Data));
        }

        await SendAsync(body, buffer, ct);
        if (first.Items.Count < pageSize)
        {
            return;
        }

        var next = LogPosition.Decode(first.NextCursor)!.Value;
        while (true)
        {
            // Rows are written as the reader gives them, the stored JSON as its bytes, and sent every SendAt bytes: the
            // page is never held, so the pages after the first can be long (fewer round trips, and PostgreSQL reads
            // ahead while the lines are written).
            var limit = Math.Max(pageSize, StreamPageSize);
            int count = 0;
            LogPosition? last = null;
            var horizon = LogPosition.Start;
            await using (var command = await ChangeLogReader.PageCommandAsync(db, next, limit, entities, ct))
            {
                var reader = await command.ExecuteReaderAsync(ct);
                try
                {
                    while (await reader.ReadAsync(ct))
                    {
                        if (count == 0)
                        {
                            horizon = new LogPosition(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), 0);
                        }

                        if (reader.IsDBNull(1))
                        {
                            break;
                        }

                        var sequence = reader.GetInt64(1);
                        var tx = reader.GetString(2);
                        Write(line, buffer, Position(tx, sequence), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5),
                            reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<byte[]>(8));
                        count++;
                        last = new LogPosition(ulong.Parse(tx, CultureInfo.InvariantCulture), sequence);
                        if (buffer.WrittenCount >= SendAt)
                        {
                            await SendAsync(body, buffer, ct);
                        }
                    }
                }
                finally
                {
                    await reader.DisposeAsync();
                    await db.Database.CloseConnectionAsync();
                }
            }

            await SendAsync(body, buffer, ct);
            if (count < limit)
            {
                return;
            }

            next = ChangeLogReader.NextAfter(next, limit, count, last, horizon);
        }
    }

    /// <summary>The pages after the first, when they may be longer than the asked limit (it sizes the first page only).</summary>
    private const int StreamPageSize = 10_000;

    /// <summary>How much is written before it is sent: the body's writes stay large, and memory holds about this much.</summary>
    private const int SendAt = 256 * 1024;

    private static string Position(string tx, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{tx}-{sequence}");

    /// <summary>Each page goes out as soon as it is read: the first bytes leave at once, and memory holds one page.</summary>
    private static async Task SendAsync(Stream body, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        await body.WriteAsync(buffer.WrittenMemory, ct);
        await body.FlushAsync(ct);
        buffer.ResetWrittenCount();
    }

    private static void Write(Utf8JsonWriter line, ArrayBufferWriter<byte> buffer, string position, DateTimeOffset at, string kind,
        string entity, string id, int version, ReadOnlySpan<byte> data)
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
