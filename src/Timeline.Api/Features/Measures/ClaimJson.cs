using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    /// <summary>The claim's JSON from its opening brace to the value of <c>measure</c>; then each member with its name.</summary>
    public void Start(Guid id)
    {
        var span = buffer.GetSpan(64 + code.Length);
        var at = Copy(span, "{\"id\":\""u8);
        id.TryFormat(span[at..], out var written);
        at += written;
        at += Copy(span[at..], "\",\"measure\":"u8);
        at += Copy(span[at..], code);
        buffer.Advance(at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> bytes) => buffer.Advance(Copy(buffer.GetSpan(bytes.Length), bytes));

    public void Number(ReadOnlySpan<byte> name, decimal? value)
    {
        var span = buffer.GetSpan(name.Length + 64);
        var at = Copy(span, name);
        if (value is { } v)
        {
            Utf8Formatter.TryFormat(v, span[at..], out var written);
            at += written;
        }
        else
        {
            at += Copy(span[at..], "null"u8);
        }

        buffer.Advance(at);
    }

    public void Id(ReadOnlySpan<byte> name, Guid? value) => Quoted(name, value, 40, default);

    /// <summary>An instant as the writer gives it: ISO 8601 with its offset, the fraction of a second without final zeros.</summary>
    public void Instant(ReadOnlySpan<byte> name, DateTimeOffset value)
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

        var span = buffer.GetSpan(name.Length + 35);
        var at = Copy(span, name);
        span[at++] = (byte)'"';
        at += Copy(span[at..], o[..end]);
        at += Copy(span[at..], o[27..]);
        span[at++] = (byte)'"';
        buffer.Advance(at);
    }

    public void Day(ReadOnlySpan<byte> name, DateOnly? value) => Quoted(name, value, 16, "O");

    /// <summary>A value written in quotes in <paramref name="format"/> (at most <paramref name="room"/> bytes), or null.</summary>
    private void Quoted<T>(ReadOnlySpan<byte> name, T? value, int room, ReadOnlySpan<char> format)
        where T : struct, IUtf8SpanFormattable
    {
        var span = buffer.GetSpan(name.Length + room);
        var at = Copy(span, name);
        if (value is { } v)
        {
            span[at] = (byte)'"';
            v.TryFormat(span[(at + 1)..], out var written, format, CultureInfo.InvariantCulture);
            at += written + 1;
            span[at++] = (byte)'"';
        }
        else
        {
            at += Copy(span[at..], "null"u8);
        }

        buffer.Advance(at);
    }

    public void Null(ReadOnlySpan<byte> name)
    {
        var span = buffer.GetSpan(name.Length + 4);
        var at = Copy(span, name);
        buffer.Advance(at + Copy(span[at..], "null"u8));
    }

    /// <summary>A string from its UTF-8 bytes.</summary>
    public void Text(ReadOnlySpan<byte> name, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IndexOfAnyExcept(Plain) >= 0)
        {
            Raw(name);
            Escaped(utf8);
            return;
        }

        var span = buffer.GetSpan(name.Length + utf8.Length + 2);
        var at = Copy(span, name);
        span[at++] = (byte)'"';
        at += Copy(span[at..], utf8);
        span[at++] = (byte)'"';
        buffer.Advance(at);
    }

    /// <summary>A string the page holds as a string (the address, <c>asOf</c>), or null.</summary>
    public void Text(ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            Null(name);
            return;
        }

        // Plain text is ASCII: one byte a char.
        var span = buffer.GetSpan(name.Length + value.Length + 2);
        var at = Copy(span, name);
        if (Ascii.FromUtf16(value, span[(at + 1)..], out var written) == OperationStatus.Done
            && span.Slice(at + 1, written).IndexOfAnyExcept(Plain) < 0)
        {
            span[at] = (byte)'"';
            at += written + 1;
            span[at++] = (byte)'"';
            buffer.Advance(at);
            return;
        }

        buffer.Advance(at);
        Json().WriteStringValue(value);
        escaping!.Flush();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Copy(Span<byte> span, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span);
        return bytes.Length;
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
