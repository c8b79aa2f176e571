using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A claim's JSON, byte for byte as <see cref="Utf8JsonWriter"/> writes a <see cref="ClaimView"/> (camelCase members, its
/// number, id and instant forms, its escaping), put together from fixed runs of bytes: the members' names and the
/// punctuation between them are copied once per run instead of checked and written one call per member (the writer's calls
/// were a quarter of the page's CPU). Text that needs no escaping (printable ASCII without <c>"\&amp;'+&lt;&gt;`</c>, as
/// nearly all of it is) is copied as it is; any other goes through <see cref="Utf8JsonWriter"/> itself.
/// </summary>
public sealed class ClaimJson(PooledBuffer buffer, string measureCode) : IDisposable
{
    private static readonly SearchValues<byte> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b).Where(b => !"\"\\&'+<>`"u8.Contains(b))]);

    private readonly byte[] code = Quoted(measureCode);

    /// <summary>The members that end a claim shown: as it was known then, current.</summary>
    public static ReadOnlySpan<byte> ShownAsCurrent => Tail;

    private static readonly byte[] Tail = Encoding.UTF8.GetBytes($",\"status\":\"{MeasureViews.Current}\",\"retractedAt\":null,\"retractionReason\":null}}");
    private Utf8JsonWriter? escaping;

    /// <summary>The claim's JSON from its opening brace to the value of <c>id</c>, then the rest member by member.</summary>
    public void Start(Guid id)
    {
        Raw("{\"id\":\""u8);
        var span = buffer.GetSpan(36);
        id.TryFormat(span, out var written);
        buffer.Advance(written);
        Raw("\",\"measure\":"u8);
        Raw(code);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    public void Number(decimal? value)
    {
        if (value is not { } v)
        {
            Raw("null"u8);
            return;
        }

        var span = buffer.GetSpan(64);
        Utf8Formatter.TryFormat(v, span, out var written);
        buffer.Advance(written);
    }

    public void Id(Guid? value)
    {
        if (value is not { } v)
        {
            Raw("null"u8);
            return;
        }

        var span = buffer.GetSpan(38);
        span[0] = (byte)'"';
        v.TryFormat(span[1..], out var written);
        span[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>An instant as the writer gives it: ISO 8601 with its offset, the fraction of a second without final zeros.</summary>
    public void Instant(DateTimeOffset value)
    {
        Span<byte> o = stackalloc byte[33];
        Utf8Formatter.TryFormat(value, o, out _, new StandardFormat('O'));
        // yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm: the fraction's final zeros go, and the point too when nothing is left of it.
        var end = 27;
        while (end > 20 && o[end - 1] == (byte)'0')
        {
            end--;
        }

        if (end == 20)
        {
            end = 19;
        }

        var span = buffer.GetSpan(35);
        span[0] = (byte)'"';
        o[..end].CopyTo(span[1..]);
        o[27..].CopyTo(span[(end + 1)..]);
        span[end + 7] = (byte)'"';
        buffer.Advance(end + 8);
    }

    public void Day(DateOnly? value)
    {
        if (value is not { } v)
        {
            Raw("null"u8);
            return;
        }

        var span = buffer.GetSpan(12);
        span[0] = (byte)'"';
        v.TryFormat(span[1..], out var written, "O", CultureInfo.InvariantCulture);
        span[written + 1] = (byte)'"';
        buffer.Advance(written + 2);
    }

    /// <summary>A string from its UTF-8 bytes.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyExcept(Plain) >= 0)
        {
            Escaped(utf8);
            return;
        }

        var span = buffer.GetSpan(utf8.Length + 2);
        span[0] = (byte)'"';
        utf8.CopyTo(span[1..]);
        span[utf8.Length + 1] = (byte)'"';
        buffer.Advance(utf8.Length + 2);
    }

    /// <summary>A string the page holds as a string (the address, <c>asOf</c>), or null.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Raw("null"u8);
            return;
        }

        // Plain text is ASCII: one byte a char.
        var span = buffer.GetSpan(value.Length + 2);
        if (Ascii.FromUtf16(value, span[1..], out var written) == OperationStatus.Done
            && span.Slice(1, written).IndexOfAnyExcept(Plain) < 0)
        {
            span[0] = (byte)'"';
            span[written + 1] = (byte)'"';
            buffer.Advance(written + 2);
            return;
        }

        Json().WriteStringValue(value);
        escaping!.Flush();
    }

    private void Escaped(ReadOnlySpan<byte> utf8)
    {
        Json().WriteStringValue(utf8);
        escaping!.Flush();
    }

    private Utf8JsonWriter Json()
    {
        if (escaping is null)
        {
            escaping = new Utf8JsonWriter(buffer);
        }
        else
        {
            escaping.Reset(buffer);
        }

        return escaping;
    }

    public void Dispose() => escaping?.Dispose();

    /// <summary>A string's JSON as the writer gives it, quoted.</summary>
    private static byte[] Quoted(string text)
    {
        var bytes = new ArrayBufferWriter<byte>(text.Length + 2);
        using (var json = new Utf8JsonWriter(bytes))
        {
            json.WriteStringValue(text);
        }

        return bytes.WrittenSpan.ToArray();
    }
}
