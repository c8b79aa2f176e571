using System.Globalization;
using System.Text;
using CodeHollow.FeedReader;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// Reads a watched source's document, whichever it is, told apart by its content (never by its URL or its media type,
/// which sources often get wrong): RSS 2.0, Atom and JSON Feed through CodeHollow.FeedReader, FtM JSON lines through
/// <see cref="FtmDocument"/>.
/// </summary>
public static class FeedDocument
{
    public const int MaxTitle = 500;

    public static List<WatchItem> Read(byte[] body)
    {
        // FtM lines are read as the UTF-8 they are (a delta can be megabytes): text is decoded only for the other formats.
        var utf8 = Utf8Of(body);
        var first = utf8.Span.TrimStart(" \t\r\n"u8);
        if (!first.IsEmpty && first[0] == (byte)'{' && FtmDocument.Is(first))
        {
            return FtmDocument.Read(utf8);
        }

        var text = Decode(body);
        var start = text.AsSpan().TrimStart();
        if (start.IsEmpty)
        {
            throw new UnreadableSourceException("the source sent an empty document");
        }

        if (start[0] == '<' && text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            // A feed needs no document type; one is only a way to make the parser expand or fetch entities.
            throw new UnreadableSourceException("the document declares a DTD, which is not read");
        }

        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the parser trips on in a malformed document is the source's fault, said in the watch's status.
            throw new UnreadableSourceException($"the document is not an RSS, Atom or JSON feed, nor FtM JSON lines ({ex.Message})");
        }

        if (feed.Type == FeedType.Unknown)
        {
            throw new UnreadableSourceException("the document is not an RSS, Atom or JSON feed, nor FtM JSON lines");
        }

        return [.. feed.Items.Select(ItemOf).OfType<WatchItem>()];
    }

    /// <summary>An item by its guid or id, else its link; one with neither cannot be told from the next and is left out.</summary>
    private static WatchItem? ItemOf(FeedItem item)
    {
        var link = string.IsNullOrWhiteSpace(item.Link) ? null : item.Link.Trim();
        var id = string.IsNullOrWhiteSpace(item.Id) ? link : item.Id.Trim();
        if (id is null)
        {
            return null;
        }

        var url = link is not null && Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? link
            : null;
        var body = string.IsNullOrWhiteSpace(item.Content) ? item.Description : item.Content;
        var title = PlainText.Line(item.Title, MaxTitle);
        var text = PlainText.Of(body);
        return new WatchItem(id.Length > 2_000 ? id[..2_000] : id, url, title.Length > 0 ? title : Shorten(text), text, Published(item));
    }

    private static DateOnly? Published(FeedItem item)
    {
        // Atom's <published> is optional: its <updated> is then when the entry came out.
        var date = item.PublishingDate ?? (item.SpecificItem as CodeHollow.FeedReader.Feeds.AtomFeedItem)?.UpdatedDate;
        if (date is { } day)
        {
            return DateOnly.FromDateTime(day.Kind == DateTimeKind.Local ? day.ToUniversalTime() : day);
        }

        return DateTimeOffset.TryParse(item.PublishingDateString, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateOnly.FromDateTime(parsed.UtcDateTime)
            : null;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    /// <summary>The document as UTF-8 bytes: as it came without its UTF-8 byte-order mark, or re-encoded when it starts with another one.</summary>
    private static ReadOnlyMemory<byte> Utf8Of(byte[] body) =>
        body is [0xEF, 0xBB, 0xBF, ..] ? body.AsMemory(3)
        : body is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] ? Encoding.UTF8.GetBytes(Decode(body))
        : body;

    /// <summary>UTF-8 unless the document starts with another byte-order mark; XML's own declaration is read by the parser.</summary>
    private static string Decode(byte[] body)
    {
        using var reader = new StreamReader(new MemoryStream(body), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
