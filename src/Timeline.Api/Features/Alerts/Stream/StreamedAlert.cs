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
