namespace Timeline.IntegrationTests.Features.Watches;

/// <summary>Feeds in the shapes real sources publish, written out whole.</summary>
public static class Feeds
{
    public static string Atom(params (string Id, string Title, string Html, string Updated)[] entries) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Sanctions monitor</title>
          <id>urn:uuid:5a1c0000-0000-4000-8000-000000000001</id>
          <updated>2024-10-24T09:00:00Z</updated>
          {string.Concat(entries.Select(e => $"""
          <entry>
            <id>{e.Id}</id>
            <title>{System.Security.SecurityElement.Escape(e.Title)}</title>
            <link href="https://monitor.example.org/{Uri.EscapeDataString(e.Id)}"/>
            <updated>{e.Updated}</updated>
            <content type="html">{System.Security.SecurityElement.Escape(e.Html)}</content>
          </entry>
          """))}
        </feed>
        """;

    /// <summary>A government "recent actions" page as RSS 2.0: dated notices with a guid that is not a link.</summary>
    public static string RecentActions(params (string Guid, string Title, string Description, string PubDate)[] items) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
          <channel>
            <title>Recent Actions | Office of Foreign Assets Control</title>
            <link>https://ofac.example.gov/recent-actions</link>
            <description>Sanctions list updates and other actions</description>
            <language>en</language>
            {string.Concat(items.Select(i => $"""
            <item>
              <title>{System.Security.SecurityElement.Escape(i.Title)}</title>
              <link>https://ofac.example.gov/recent-actions/{i.Guid}</link>
              <guid isPermaLink="false">{i.Guid}</guid>
              <pubDate>{i.PubDate}</pubDate>
              <description><![CDATA[{i.Description}]]></description>
            </item>
            """))}
          </channel>
        </rss>
        """;

    public static string JsonFeed(params (string Id, string Title, string Html, string Published)[] items) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            version = "https://jsonfeed.org/version/1.1",
            title = "Ministry statements",
            home_page_url = "https://ministry.example.org/",
            items = items.Select(i => new { id = i.Id, url = $"https://ministry.example.org/statements/{i.Id}", title = i.Title, content_html = i.Html, date_published = i.Published }),
        }, Indented);

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
}
