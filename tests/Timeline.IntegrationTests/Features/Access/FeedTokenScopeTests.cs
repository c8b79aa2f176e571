using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary>A feed token minted for one thing (the calendar, or one saved timeline's feed) opens that and nothing else.</summary>
public sealed class FeedTokenScopeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<string> SavedTimeline()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = "scoped-" + tag;
        var saved = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Scoped " + tag, filter = new { tag = new[] { tag } } });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        await editor.Record(Bodies.Event(tag, title: "Scoped event " + tag));
        return slug;
    }

    private async Task<JsonObject> Mint(object body)
    {
        var response = await (await api.As("reader")).PostAsJsonAsync("/api/feed-tokens", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"minting answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<HttpStatusCode> Fetch(string path, string token) => (await api.Anonymous().GetAsync($"{path}?token={token}")).StatusCode;

    [Fact]
    public async Task A_token_for_one_timeline_reads_its_feed_and_not_another_nor_the_calendar()
    {
        var mine = await SavedTimeline();
        var other = await SavedTimeline();
        var minted = await Mint(new { name = "one feed", scope = $"timeline:{mine}" });
        var token = (string)minted["token"]!;
        Assert.Equal($"timeline:{mine}", (string?)minted["scope"]);

        Assert.Equal(HttpStatusCode.OK, await Fetch($"/api/timelines/{mine}/feed.atom", token));
        var refused = await api.Anonymous().GetAsync($"/api/timelines/{other}/feed.atom?token={token}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, await Fetch("/api/follow-ups.ics", token));
        // Still nothing but the feeds.
        Assert.Equal(HttpStatusCode.Unauthorized, await Fetch($"/api/timelines/{mine}", token));

        var listed = await (await (await api.As("reader")).GetAsync("/api/feed-tokens")).JsonArray();
        Assert.Equal($"timeline:{mine}", (string?)Assert.Single(listed, t => (Guid)t!["id"]! == (Guid)minted["id"]!)!["scope"]);
    }

    [Fact]
    public async Task A_calendar_token_reads_the_calendar_and_no_feed()
    {
        var slug = await SavedTimeline();
        var token = (string)(await Mint(new { name = "my calendar", scope = "calendar" }))["token"]!;

        Assert.Equal(HttpStatusCode.OK, await Fetch("/api/follow-ups.ics", token));
        Assert.Equal(HttpStatusCode.Forbidden, await Fetch($"/api/timelines/{slug}/feed.atom", token));
    }

    [Fact]
    public async Task A_token_without_a_scope_reads_every_feed_and_the_calendar_as_before()
    {
        var first = await SavedTimeline();
        var second = await SavedTimeline();
        var minted = await Mint(new { name = "everything" });
        var token = (string)minted["token"]!;
        Assert.Null((string?)minted["scope"]);

        Assert.Equal(HttpStatusCode.OK, await Fetch($"/api/timelines/{first}/feed.atom", token));
        Assert.Equal(HttpStatusCode.OK, await Fetch($"/api/timelines/{second}/feed.atom", token));
        Assert.Equal(HttpStatusCode.OK, await Fetch("/api/follow-ups.ics", token));
    }

    [Theory]
    [InlineData("everything")]
    [InlineData("timeline:")]
    [InlineData("timeline:no-such-timeline")]
    [InlineData("Calendar")]
    public async Task A_scope_that_is_not_the_calendar_nor_a_saved_timeline_is_400_naming_it(string scope)
    {
        var response = await (await api.As("reader")).PostAsJsonAsync("/api/feed-tokens", new { name = "odd", scope });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.Json())["errors"]!.AsObject(), e => string.Equals(e.Key, "scope", StringComparison.OrdinalIgnoreCase));
    }
}
