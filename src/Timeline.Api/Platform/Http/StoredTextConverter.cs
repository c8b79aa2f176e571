using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// Every string a request body holds passes <see cref="StoredText"/> as it is read, so a control character is a 400
/// naming its JSON path wherever it appears (events, actors, timelines, subscriptions, reasons, filters, import lines).
/// </summary>
public sealed class StoredTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && StoredText.Problem(text) is { } problem ? throw new StoredTextException(problem) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A string that <see cref="StoredText"/> refuses; System.Text.Json adds the path where it was read.</summary>
public sealed class StoredTextException(string reason) : JsonException(reason);
