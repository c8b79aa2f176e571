using System.Buffers;
using System.Globalization;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// What text may hold before it is stored or sent to the database: anything but control characters (tab, line feed and
/// carriage return aside) and the non-characters U+FFFE and U+FFFF. PostgreSQL refuses NUL outright, and the rest
/// cannot be written as XML, so one stored in an event would break every Atom feed that shows it.
/// </summary>
public static class StoredText
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c),
         .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c), '\uFFFE', '\uFFFF']);

    /// <summary>Why the text may not be stored, or null when it may.</summary>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAny(Forbidden);
        return at < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"holds U+{(int)text[at]:X4} at position {at + 1}; text may hold no control character but tab, line feed and carriage return, and no U+FFFE or U+FFFF");
    }
}
