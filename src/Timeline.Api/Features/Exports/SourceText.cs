using System.Buffers;
using System.Globalization;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Exports;

/// <summary>A source as one line of text: "Publisher, Title (2024-10-23) [B] https://…".</summary>
public static class SourceText
{
    public static string Of(Source s)
    {
        var text = new ArrayBufferWriter<char>(256);
        Write(text, s);
        return new string(text.WrittenSpan);
    }

    /// <summary>The same line written where a download builds its cell, so a row costs no string per source.</summary>
    public static void Write(IBufferWriter<char> text, Source s)
    {
        if (!string.IsNullOrWhiteSpace(s.Publisher))
        {
            text.Write(s.Publisher);
            text.Write(", ");
        }

        text.Write(s.Title);
        if (s.Published is { } published)
        {
            text.Write(" (");
            var day = text.GetSpan(10);
            published.TryFormat(day, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            text.Advance(written);
            text.Write(")");
        }

        if (s.Reliability is { } reliability)
        {
            text.Write(" [");
            text.Write(reliability);
            text.Write("]");
        }

        text.Write(" ");
        text.Write(s.Url);
    }
}
