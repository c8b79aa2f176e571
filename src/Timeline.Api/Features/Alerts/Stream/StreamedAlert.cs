using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timeline.Api.Features.Alerts.Stream;

/// <summary>
/// An alert as the stream sends it: the members of <see cref="AlertView"/>, with its data written from the stored JSON
/// text as it is, neither parsed nor serialised again (a client of a busy stream receives thousands a second).
/// </summary>
public sealed record StreamedAlert(long Id, Guid SubscriptionId, string Kind, Guid? EventId, Guid? FollowUpId,
    [property: JsonConverter(typeof(StoredJsonText))] string Data, DateTimeOffset CreatedAt, string MessageId, string DeliveryState, int Attempts)
{
    public static StreamedAlert Of(StoredAlert a) =>
        new(a.Id, a.SubscriptionId, a.Kind, a.EventId, a.FollowUpId, a.Data, a.CreatedAt, a.MessageId, a.DeliveryState, a.Attempts);

    /// <summary>
    /// One SSE event per alert into <paramref name="output"/> (the response's pipe): <c>id</c>, <c>event</c> (the kind),
    /// <c>data</c> (the alert as one line of JSON; compact JSON escapes every control character inside strings). Written as
    /// UTF-8 straight into the pipe: a busy stream sends megabytes a second, and a batch made as one string first (some
    /// 200 KB for 100 alerts) was a large-object allocation, and three more copies of every byte, for each batch.
    /// </summary>
    public static void WriteEvents(IBufferWriter<byte> output, IEnumerable<StreamedAlert> alerts, JsonSerializerOptions options)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        foreach (var alert in alerts)
        {
            output.Write("id: "u8);
            Utf8Formatter.TryFormat(alert.Id, output.GetSpan(20), out var written);
            output.Advance(written);
            output.Write("\nevent: "u8);
            Encoding.UTF8.GetBytes(alert.Kind, output);
            output.Write("\ndata: "u8);
            json.Reset(output);
            JsonSerializer.Serialize(json, alert, options);
            json.Flush();
            output.Write("\n\n"u8);
        }
    }
}

/// <summary>
/// JSON text from the database, written into the output as it is. PostgreSQL hands over valid JSON; only text with a line
/// break between its tokens (which an SSE <c>data:</c> line cannot hold) is parsed and written compact.
/// </summary>
internal sealed class StoredJsonText : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (value.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            writer.WriteRawValue(value, skipInputValidation: true);
            return;
        }

        using var document = JsonDocument.Parse(value);
        document.RootElement.WriteTo(writer);
    }
}
