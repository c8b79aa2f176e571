using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public class TimelineFeedTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private async Task<string> SaveTimeline(string tag, string title, string? type = null)
    {
        var editor = await api.As("editor");
        var slug = "feed-" + tag;
        object filter = type is null ? new { tag = new[] { tag } } : new { tag = new[] { tag }, type = new[] { type } };
        var response = await editor.PostAsJsonAsync("/api/timelines", new { slug, title, description = "Troop movements, as reported.", filter });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"saving the timeline answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return slug;
    }

    private async Task<(string Xml, SyndicationFeed Feed)> Fetch(string slug)
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/timelines/{slug}/feed.atom");
        var xml = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the feed answered {(int)response.StatusCode}: {xml}");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var xmlReader = XmlReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        return (xml, SyndicationFeed.Load(xmlReader));
    }

    [Fact]
    public async Task The_feed_is_Atom_with_the_timelines_developments_newest_first()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = await SaveTimeline(tag, "DPRK troops in Russia", type: "military.*");
        var first = (await editor.Record(tag, title: "Troops reported in Primorsky")).Id();
        var second = (await editor.Record(tag, title: "Troops seen in Kursk")).Id();
        var third = (await editor.Record(tag, title: "Troops confirmed by the US")).Id();
        await editor.Record(tag, title: "A statement, not a deployment", type: "statement"); // the tag matches, the type does not
        await editor.Record(Bodies.UniqueTag(), title: "Some other timeline's event");

        await editor.Amend(first, 1, new { status = "confirmed" });
        var retraction = await editor.PostAsJsonAsync($"/api/events/{second}/retraction", new { reason = "misidentified unit" });
        Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);

        var (xml, feed) = await Fetch(slug);

        // Newest change first: the retraction, then the amendment, then the untouched event.
        Assert.Equal("DPRK troops in Russia", feed.Title.Text);
        Assert.StartsWith("urn:uuid:", feed.Id, StringComparison.Ordinal);
        Assert.True(Uri.IsWellFormedUriString(feed.Id, UriKind.Absolute));
        var items = feed.Items.ToList();
        Assert.Equal([second, first, third], items.Select(i => EventIdOf(i)));
        Assert.Equal("Retracted: Troops seen in Kursk", items[0].Title.Text);
        Assert.Contains("misidentified unit", items[0].Summary.Text, StringComparison.Ordinal);
        Assert.Equal("Troops reported in Primorsky", items[1].Title.Text);
        Assert.Equal("Troops confirmed by the US", items[2].Title.Text);

        var updated = items.Select(i => i.LastUpdatedTime).ToList();
        Assert.Equal(updated.OrderDescending(), updated);
        Assert.Equal(updated[0], feed.LastUpdatedTime);
        var self = Assert.Single(feed.Links, l => l.RelationshipType == "self");
        Assert.Equal($"http://localhost/api/timelines/{slug}/feed.atom", self.Uri.AbsoluteUri);

        var reader = await api.As("reader");
        foreach (var item in items)
        {
            Assert.StartsWith("urn:uuid:", item.Id, StringComparison.Ordinal);
            Assert.Equal("editor-key", Assert.Single(item.Authors).Name);
            Assert.False(string.IsNullOrWhiteSpace(item.Summary.Text));
            var link = Assert.Single(item.Links, l => l.RelationshipType == "alternate");
            Assert.True(link.Uri.IsAbsoluteUri);
            var e = await reader.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(link.Uri.PathAndQuery);
            Assert.Equal(EventIdOf(item), (string)e!["id"]!);
            Assert.True(Math.Abs((DateTimeOffset.Parse((string)e["recordedAt"]!, CultureInfo.InvariantCulture) - item.PublishDate).TotalSeconds) < 1.5);
            Assert.True(Math.Abs((DateTimeOffset.Parse((string)e["updatedAt"]!, CultureInfo.InvariantCulture) - item.LastUpdatedTime).TotalSeconds) < 1.5);
            var categories = item.Categories.Select(c => c.Name).ToList();
            Assert.Contains("military.deployment", categories);
            Assert.Contains("KP", categories);
            Assert.Contains("RU", categories);
            Assert.Contains(tag, categories);
        }

        // The document itself, as RFC 4287 asks: Atom namespace; id, title, updated on the feed and on every entry.
        var document = XDocument.Parse(xml);
        Assert.Equal(Atom + "feed", document.Root!.Name);
        foreach (var element in new[] { document.Root }.Concat(document.Root.Elements(Atom + "entry")))
        {
            Assert.Single(element.Elements(Atom + "id"));
            Assert.Single(element.Elements(Atom + "title"));
            var stamp = Assert.Single(element.Elements(Atom + "updated")).Value;
            Assert.True(DateTimeOffset.TryParseExact(stamp, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                $"'{stamp}' is not an RFC 3339 date-time");
        }

        Assert.All(document.Root.Elements(Atom + "entry"), entry => Assert.Single(entry.Elements(Atom + "author")));
    }

    [Fact]
    public async Task Entry_ids_are_stable_and_a_new_version_is_a_new_entry()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = await SaveTimeline(tag, "Stable ids");
        var id = (await editor.Record(tag, title: "Monitoring team formed")).Id();

        var before = Assert.Single((await Fetch(slug)).Feed.Items).Id;
        var again = await Fetch(slug);
        Assert.Equal(before, Assert.Single(again.Feed.Items).Id);

        await editor.Amend(id, 1, new { title = "Multilateral monitoring team formed" });

        var after = Assert.Single((await Fetch(slug)).Feed.Items);
        Assert.NotEqual(before, after.Id);
        Assert.Equal("Multilateral monitoring team formed", after.Title.Text);
        Assert.Equal(again.Feed.Id, (await Fetch(slug)).Feed.Id);
    }

    [Fact]
    public async Task An_empty_timeline_is_a_valid_feed_updated_when_it_was_saved()
    {
        var slug = await SaveTimeline(Bodies.UniqueTag(), "Nothing yet");
        var reader = await api.As("reader");
        var saved = await reader.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/timelines/{slug}");

        var (_, feed) = await Fetch(slug);

        Assert.Empty(feed.Items);
        Assert.Equal("Nothing yet", feed.Title.Text);
        Assert.True(Math.Abs((DateTimeOffset.Parse((string)saved!["createdAt"]!, CultureInfo.InvariantCulture) - feed.LastUpdatedTime).TotalSeconds) < 1.5);
    }

    [Fact]
    public async Task An_unknown_timeline_is_404_and_the_feed_needs_a_key()
    {
        var reader = await api.As("reader");
        var missing = await reader.GetAsync("/api/timelines/no-such-timeline/feed.atom");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var slug = await SaveTimeline(Bodies.UniqueTag(), "Keys only");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync($"/api/timelines/{slug}/feed.atom")).StatusCode);
    }

    private static string EventIdOf(SyndicationItem item) =>
        item.Links.Single(l => l.RelationshipType == "alternate").Uri.Segments[^1];
}
