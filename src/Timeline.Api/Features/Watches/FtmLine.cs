using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// One line: an entity (<c>id</c>, <c>schema</c>, <c>properties</c>) or a delta's operation on one (<c>op</c>, <c>entity</c>).
/// Read with <see cref="Utf8JsonReader"/> straight into the members an item is made of, as the serializer read them
/// (member names in any case, a later member winning, others skipped unread, anything else refused as not JSON of this
/// shape): a delta is tens of thousands of lines, and the serializer's per-call state was most of their reading.
/// </summary>
internal sealed class FtmLine
{
    public string? Op { get; set; }
    public FtmLine? Entity { get; set; }
    public string? Id { get; set; }
    public string? Schema { get; set; }
    public FtmProperties? Properties { get; set; }

    /// <summary>The line's object (null for <c>null</c>); a <see cref="JsonException"/> for anything else.</summary>
    public static FtmLine? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            var line = reader.TokenType == JsonTokenType.Null ? null : ReadObject(ref reader);
            if (reader.Read())
            {
                throw new JsonException($"'{reader.TokenType}' is invalid after a single JSON value.");
            }

            return line;
        }
        catch (InvalidOperationException ex)
        {
            // A value the reader cannot give as text (invalid UTF-8 in a string): the serializer said so as a JsonException.
            throw new JsonException(ex.Message, ex);
        }
    }

    private static FtmLine ReadObject(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var line = new FtmLine();
        Span<char> name = stackalloc char[16];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var known = name[..NameOf(ref reader, name)];
            reader.Read();
            switch (known)
            {
                case "op": line.Op = Text(ref reader); break;
                case "id": line.Id = Text(ref reader); break;
                case "schema": line.Schema = Text(ref reader); break;
                case "entity": line.Entity = reader.TokenType == JsonTokenType.Null ? null : ReadObject(ref reader); break;
                case "properties": line.Properties = reader.TokenType == JsonTokenType.Null ? null : FtmProperties.ReadObject(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return line;
    }

    /// <summary>A member's name in lower case into <paramref name="buffer"/>, its length; 0 when it cannot be one this reader knows (not ASCII, long).</summary>
    internal static int NameOf(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        var raw = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (raw.Length > buffer.Length || !Ascii.IsValid(raw))
        {
            return 0;
        }

        Ascii.ToLower(raw, buffer, out var written);
        return written;
    }

    internal static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"The JSON value could not be converted to System.String: a {reader.TokenType}."),
    };

    internal static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"The JSON value could not be converted: a {reader.TokenType} where a {token} belongs.");
        }
    }
}

/// <summary>The properties an item is made of: a sanction's, and the names of the entities it names. Others are skipped unread.</summary>
internal sealed class FtmProperties
{
    public List<string?>? Entity { get; set; }
    public List<string?>? Authority { get; set; }
    public List<string?>? Program { get; set; }
    public List<string?>? ProgramId { get; set; }
    public List<string?>? Reason { get; set; }
    public List<string?>? Provisions { get; set; }
    public List<string?>? Summary { get; set; }
    public List<string?>? SourceUrl { get; set; }
    public List<string?>? ListingDate { get; set; }
    public List<string?>? StartDate { get; set; }
    public List<string?>? Date { get; set; }
    public List<string?>? Name { get; set; }
    public List<string?>? Alias { get; set; }
    public List<string?>? WeakAlias { get; set; }
    public List<string?>? PreviousName { get; set; }

    internal static FtmProperties ReadObject(ref Utf8JsonReader reader)
    {
        FtmLine.Expect(ref reader, JsonTokenType.StartObject);
        var properties = new FtmProperties();
        Span<char> name = stackalloc char[16];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var known = name[..FtmLine.NameOf(ref reader, name)];
            reader.Read();
            switch (known)
            {
                case "entity": properties.Entity = Values(ref reader); break;
                case "authority": properties.Authority = Values(ref reader); break;
                case "program": properties.Program = Values(ref reader); break;
                case "programid": properties.ProgramId = Values(ref reader); break;
                case "reason": properties.Reason = Values(ref reader); break;
                case "provisions": properties.Provisions = Values(ref reader); break;
                case "summary": properties.Summary = Values(ref reader); break;
                case "sourceurl": properties.SourceUrl = Values(ref reader); break;
                case "listingdate": properties.ListingDate = Values(ref reader); break;
                case "startdate": properties.StartDate = Values(ref reader); break;
                case "date": properties.Date = Values(ref reader); break;
                case "name": properties.Name = Values(ref reader); break;
                case "alias": properties.Alias = Values(ref reader); break;
                case "weakalias": properties.WeakAlias = Values(ref reader); break;
                case "previousname": properties.PreviousName = Values(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return properties;
    }

    /// <summary>An array of strings (nulls kept), or null.</summary>
    private static List<string?>? Values(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        FtmLine.Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<string?>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(FtmLine.Text(ref reader));
        }

        return values;
    }

    /// <summary>A property's values, trimmed, blanks left out.</summary>
    public static IReadOnlyList<string> Values(List<string?>? values)
    {
        if (values is null)
        {
            return [];
        }

        var kept = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                kept.Add(value.Trim());
            }
        }

        return kept;
    }

    public static string? First(List<string?>? values)
    {
        foreach (var value in CollectionsMarshal.AsSpan(values))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    /// <summary>Every name an entity goes by, as an actor recorded from it would.</summary>
    public IReadOnlyList<string> AllNames()
    {
        // FtmActor.Names' rule (trimmed, blanks and repeats left out, in this order) in a loop: every line of a delta has names.
        var names = new List<string>();
        ReadOnlySpan<List<string?>?> properties = [Name, Alias, WeakAlias, PreviousName];
        foreach (var values in properties)
        {
            foreach (var value in CollectionsMarshal.AsSpan(values))
            {
                var name = value?.Trim() ?? "";
                if (name.Length > 0 && !names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
