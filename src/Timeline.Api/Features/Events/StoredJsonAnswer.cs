using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Timeline.Api.Features.Events;

/// <summary>
/// An event's JSON columns (sources, related events, sanction, places) written into an answer straight from what EF Core
/// stored (its names, as <see cref="StoredJson"/> reads them), in the answer's names and order: the same members, defaults
/// and values as reading them into <c>Source</c>, <c>RelatedEvent</c>, <c>Sanction</c> and <c>EventPlace</c> (Timeline.Core)
/// and serialising those, without the objects (parsing them was an eighth of a timeline page's CPU).
/// Members the types do not have are skipped, as <see cref="StoredJson"/> skips them; a value of the wrong kind is a
/// <see cref="JsonException"/>, as it is there.
/// </summary>
public static class StoredJsonAnswer
{
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url"), Title = JsonEncodedText.Encode("title"),
        Publisher = JsonEncodedText.Encode("publisher"), Published = JsonEncodedText.Encode("published"), Quote = JsonEncodedText.Encode("quote"),
        Reliability = JsonEncodedText.Encode("reliability"), EventId = JsonEncodedText.Encode("eventId"), Relation = JsonEncodedText.Encode("relation"),
        Authority = JsonEncodedText.Encode("authority"), Program = JsonEncodedText.Encode("program"), Reference = JsonEncodedText.Encode("reference"),
        Listed = JsonEncodedText.Encode("listed"), Ends = JsonEncodedText.Encode("ends"), Measures = JsonEncodedText.Encode("measures"),
        Reason = JsonEncodedText.Encode("reason"), Place = JsonEncodedText.Encode("place"), Role = JsonEncodedText.Encode("role"),
        Precision = JsonEncodedText.Encode("precision"), UncertaintyKm = JsonEncodedText.Encode("uncertaintyKm");

    /// <summary>A member's text: its UTF-8 bytes, or null for JSON null. Empty is what a missing non-null member defaults to.</summary>
    private static readonly ReadOnlyMemory<byte>? Empty = ReadOnlyMemory<byte>.Empty;

    public static void Sources(Utf8JsonWriter w, NpgsqlDataReader r, int ordinal) => List(w, r, ordinal, Source);

    public static void Related(Utf8JsonWriter w, NpgsqlDataReader r, int ordinal) => List(w, r, ordinal, RelatedEvent);

    public static void Places(Utf8JsonWriter w, NpgsqlDataReader r, int ordinal) => List(w, r, ordinal, EventPlace);

    /// <summary>The sanction, or null (no column value, or JSON null).</summary>
    public static void Sanction(Utf8JsonWriter w, NpgsqlDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal))
        {
            w.WriteNullValue();
            return;
        }

        var json = r.GetFieldValue<byte[]>(ordinal);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            w.WriteNullValue();
            return;
        }

        Object(ref reader, "sanction");
        ReadOnlyMemory<byte>? authority = Empty, program = null, reference = null, listed = null, ends = null, reason = null;
        var measures = new List<ReadOnlyMemory<byte>?>();
        var measuresNull = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Authority"u8)) authority = Text(ref reader, json);
            else if (reader.ValueTextEquals("Program"u8)) program = Text(ref reader, json);
            else if (reader.ValueTextEquals("Reference"u8)) reference = Text(ref reader, json);
            else if (reader.ValueTextEquals("Listed"u8)) listed = Text(ref reader, json);
            else if (reader.ValueTextEquals("Ends"u8)) ends = Text(ref reader, json);
            else if (reader.ValueTextEquals("Reason"u8)) reason = Text(ref reader, json);
            else if (reader.ValueTextEquals("Measures"u8))
            {
                reader.Read();
                measures.Clear();
                measuresNull = reader.TokenType == JsonTokenType.Null;
                if (!measuresNull)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("the sanction's Measures is not an array");
                    }

                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        measures.Add(Value(ref reader, json));
                    }
                }
            }
            else Skip(ref reader);
        }

        w.WriteStartObject();
        Write(w, Authority, authority);
        Write(w, Program, program);
        Write(w, Reference, reference);
        Write(w, Listed, listed);
        Write(w, Ends, ends);
        if (measuresNull)
        {
            w.WriteNull(Measures);
        }
        else
        {
            w.WriteStartArray(Measures);
            foreach (var measure in measures)
            {
                Write(w, measure);
            }

            w.WriteEndArray();
        }

        Write(w, Reason, reason);
        w.WriteEndObject();
    }

    private delegate void Element(Utf8JsonWriter w, ref Utf8JsonReader reader, byte[] json);

    // As EventViewReader reads a list: no column value, [] or null is an empty list; a null element is an error.
    private static void List(Utf8JsonWriter w, NpgsqlDataReader r, int ordinal, Element element)
    {
        w.WriteStartArray();
        if (!r.IsDBNull(ordinal))
        {
            var json = r.GetFieldValue<byte[]>(ordinal);
            if (!json.AsSpan().SequenceEqual("[]"u8))
            {
                var reader = new Utf8JsonReader(json);
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException($"column {r.GetName(ordinal)} holds no JSON array");
                    }

                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            throw new JsonException($"column {r.GetName(ordinal)} holds a null element");
                        }

                        Object(ref reader, r.GetName(ordinal));
                        element(w, ref reader, json);
                    }
                }
            }
        }

        w.WriteEndArray();
    }

    private static void Source(Utf8JsonWriter w, ref Utf8JsonReader reader, byte[] json)
    {
        ReadOnlyMemory<byte>? url = Empty, title = Empty, publisher = null, published = null, quote = null, reliability = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Url"u8)) url = Text(ref reader, json);
            else if (reader.ValueTextEquals("Title"u8)) title = Text(ref reader, json);
            else if (reader.ValueTextEquals("Publisher"u8)) publisher = Text(ref reader, json);
            else if (reader.ValueTextEquals("Published"u8)) published = Day(ref reader, json);
            else if (reader.ValueTextEquals("Quote"u8)) quote = Text(ref reader, json);
            else if (reader.ValueTextEquals("Reliability"u8)) reliability = Text(ref reader, json);
            else Skip(ref reader);
        }

        w.WriteStartObject();
        Write(w, Url, url);
        Write(w, Title, title);
        Write(w, Publisher, publisher);
        Write(w, Published, published);
        Write(w, Quote, quote);
        Write(w, Reliability, reliability);
        w.WriteEndObject();
    }

    private static void RelatedEvent(Utf8JsonWriter w, ref Utf8JsonReader reader, byte[] json)
    {
        var eventId = Guid.Empty;
        ReadOnlyMemory<byte>? relation = Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("EventId"u8))
            {
                reader.Read();
                eventId = reader.GetGuid();
            }
            else if (reader.ValueTextEquals("Relation"u8)) relation = Text(ref reader, json);
            else Skip(ref reader);
        }

        w.WriteStartObject();
        w.WriteString(EventId, eventId);
        Write(w, Relation, relation);
        w.WriteEndObject();
    }

    private static void EventPlace(Utf8JsonWriter w, ref Utf8JsonReader reader, byte[] json)
    {
        ReadOnlyMemory<byte>? place = Empty, role = Empty, precision = Empty;
        double? uncertaintyKm = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Place"u8)) place = Text(ref reader, json);
            else if (reader.ValueTextEquals("Role"u8)) role = Text(ref reader, json);
            else if (reader.ValueTextEquals("Precision"u8)) precision = Text(ref reader, json);
            else if (reader.ValueTextEquals("UncertaintyKm"u8))
            {
                reader.Read();
                uncertaintyKm = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
            }
            else Skip(ref reader);
        }

        w.WriteStartObject();
        Write(w, Place, place);
        Write(w, Role, role);
        Write(w, Precision, precision);
        if (uncertaintyKm is { } km)
        {
            w.WriteNumber(UncertaintyKm, km);
        }
        else
        {
            w.WriteNull(UncertaintyKm);
        }

        w.WriteEndObject();
    }

    private static void Object(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{what} holds something other than a JSON object");
        }
    }

    private static void Skip(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>The next value, a string or null.</summary>
    private static ReadOnlyMemory<byte>? Text(ref Utf8JsonReader reader, byte[] json)
    {
        reader.Read();
        return Value(ref reader, json);
    }

    /// <summary>The current value, a string (its bytes unescaped, in place when it needs no unescaping) or null.</summary>
    private static ReadOnlyMemory<byte>? Value(ref Utf8JsonReader reader, byte[] json) => reader.TokenType switch
    {
        // Typed: a bare null would become an empty array's memory (the arms' type), not "no value".
        JsonTokenType.Null => (ReadOnlyMemory<byte>?)null,
        JsonTokenType.String when !reader.ValueIsEscaped => InPlace(json, reader.ValueSpan),
        JsonTokenType.String => Encoding.UTF8.GetBytes(reader.GetString()!),
        _ => throw new JsonException($"a string was expected, not {reader.TokenType}"),
    };

    /// <summary>The value's bytes where they are in the column's JSON.</summary>
    private static ReadOnlyMemory<byte> InPlace(byte[] json, ReadOnlySpan<byte> value) =>
        json.AsSpan().Overlaps(value, out var offset) ? json.AsMemory(offset, value.Length) : value.ToArray();

    /// <summary>A day (<c>yyyy-MM-dd</c>, the only form a stored <see cref="DateOnly"/> is read in), as the answer writes it.</summary>
    private static ReadOnlyMemory<byte>? Day(ref Utf8JsonReader reader, byte[] json)
    {
        var text = Text(ref reader, json);
        if (text is not { } utf8)
        {
            return null;
        }

        Span<char> chars = stackalloc char[10];
        if (utf8.Length != 10 || Encoding.ASCII.GetChars(utf8.Span, chars) != 10
            || !DateOnly.TryParseExact(chars, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new JsonException("a stored day is not yyyy-MM-dd");
        }

        // A valid yyyy-MM-dd is already the form the answer writes a day in ("O").
        return utf8;
    }

    private static void Write(Utf8JsonWriter w, JsonEncodedText name, ReadOnlyMemory<byte>? value)
    {
        if (value is { } utf8)
        {
            w.WriteString(name, utf8.Span);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Write(Utf8JsonWriter w, ReadOnlyMemory<byte>? value)
    {
        if (value is { } utf8)
        {
            w.WriteStringValue(utf8.Span);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
