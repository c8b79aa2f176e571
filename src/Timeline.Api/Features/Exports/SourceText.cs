using System.Text;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Exports;

/// <summary>A source as one line of text: "Publisher, Title (2024-10-23) [B] https://…".</summary>
public static class SourceText
{
    public static string Of(Source s)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(s.Publisher))
        {
            text.Append(s.Publisher).Append(", ");
        }

        text.Append(s.Title);
        if (s.Published is { } published)
        {
            text.Append(" (").Append(published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
        }

        if (s.Reliability is { } reliability)
        {
            text.Append(" [").Append(reliability).Append(']');
        }

        return text.Append(' ').Append(s.Url).ToString();
    }
}
