using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>
/// Control characters (tab, line feed and carriage return aside) in any text that would be stored or looked up are a
/// 400 naming the field: PostgreSQL refuses NUL (a 500 before), and the others cannot be written in an Atom feed.
/// </summary>
public sealed class ControlCharacterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject EventWith(string tag, Action<JsonObject> spoil)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Bodies.Event(tag))!.AsObject();
        spoil(body);
        return body;
    }

    [Theory]
    [InlineData("title", "\u0000")]
    [InlineData("title", "\u0007")]
    [InlineData("summary", "\u001b")]
    [InlineData("summary", "\u007f")]
    [InlineData("summary", "\u0085")]
    [InlineData("summary", "\uffff")]
    [InlineData("sources[0].title", "\u0000")]
    [InlineData("sources[0].publisher", "\u0000")]
    [InlineData("sources[0].quote", "\u000b")]
    [InlineData("sources[0].url", "\u0000")]
    [InlineData("tags[0]", "\u0000")]
    public async Task A_control_character_in_an_events_text_is_400_naming_the_field_and_records_nothing(string field, string character)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var body = EventWith(tag, b =>
        {
            var source = b["sources"]![0]!.AsObject();
            switch (field)
            {
                case "title": b["title"] = $"DPRK{character}troops"; break;
                case "summary": b["summary"] = $"Reported{character}."; break;
                case "sources[0].title": source["title"] = $"Crossing{character}"; break;
                case "sources[0].publisher": source["publisher"] = $"CSIS{character}"; break;
                case "sources[0].quote": source["quote"] = $"quote{character}"; break;
                case "sources[0].url": source["url"] = $"https://example.org/{character}"; break;
                case "tags[0]": b["tags"] = new JsonArray($"{tag}{character}"); break;
            }
        });

        var response = await editor.PostAsync("/api/events", JsonBody(body.ToJsonString()));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, "control character");
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Tab_line_feed_and_carriage_return_are_kept()
    {
        var editor = await api.As("editor");
        var body = EventWith(Bodies.UniqueTag(), b => b["summary"] = "First line.\r\n\tSecond line.");

        var recorded = await editor.Record(body);

        Assert.Equal("First line.\r\n\tSecond line.", (string?)recorded["summary"]);
    }

    [Fact]
    public async Task A_control_character_in_an_amendment_is_400_naming_the_field_and_changes_nothing()
    {
        var editor = await api.As("editor");
        var recorded = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)recorded["id"]!;

        var response = await Patch(editor, id, """{"sources": [{"url": "https://example.org/", "title": "bad\u0000title"}]}""", "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, "sources[0].title", "control character");
        Assert.Equal(1, (int)(await Get(editor, id))["version"]!);
    }

    [Fact]
    public async Task A_control_character_in_a_retraction_reason_is_400_naming_it()
    {
        var editor = await api.As("editor");
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;

        var response = await editor.PostAsync($"/api/events/{id}/retraction", JsonBody("""{"reason": "withdrawn\u0000"}"""));

        await AssertProblem(response, HttpStatusCode.BadRequest, "reason", "control character");
        Assert.Equal("reported", (string?)(await Get(editor, id))["status"]);
    }

    [Fact]
    public async Task A_control_character_in_an_actors_name_is_400_naming_it()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/actors", JsonBody("""{"code": "ZC", "name": "Zed\u0000", "kind": "state"}"""));

        await AssertProblem(response, HttpStatusCode.BadRequest, "name", "control character");
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/api/actors/ZC")).StatusCode);
    }

    [Theory]
    [InlineData("""{"slug": "ctl-title", "title": "DPRK\u0000", "filter": {}}""", "title")]
    [InlineData("""{"slug": "ctl-tag", "title": "DPRK", "filter": {"tag": ["a\u0000"]}}""", "filter.tag[0]")]
    public async Task A_control_character_in_a_saved_timeline_is_400_naming_the_field(string json, string field)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/timelines", JsonBody(json));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, "control character");
    }

    [Fact]
    public async Task A_control_character_in_a_subscriptions_name_is_400_naming_it()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/subscriptions", JsonBody("""{"name": "alerts\u0000", "filter": {}}"""));

        await AssertProblem(response, HttpStatusCode.BadRequest, "name", "control character");
    }

    [Theory]
    [InlineData("tag=a%00b", "tag")]
    [InlineData("q=troops%00", "q")]
    [InlineData("actor=KP&tag=%07", "tag")]
    public async Task A_control_character_in_a_timeline_parameter_is_400_naming_it(string query, string parameter)
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/timeline?{query}");

        await AssertProblem(response, HttpStatusCode.BadRequest, parameter, "control character");
    }

    [Fact]
    public async Task A_control_character_in_an_address_is_400()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync("/api/timelines/dprk%07russia");

        await AssertProblem(response, HttpStatusCode.BadRequest, "path", "control character");
    }

    [Fact]
    public async Task An_import_line_with_a_control_character_is_rejected_naming_the_field()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var good = Serialize(Bodies.Event(tag));
        var bad = EventWith(tag, b => b["title"] = "bad\u0000title").ToJsonString();

        var response = await editor.PostAsync("/api/events/import?mode=partial",
            new StringContent($"{good}\n{bad}\n", Encoding.UTF8, "application/x-ndjson"));

        var result = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToJsonString());
        Assert.Equal(1, (int)result["imported"]!);
        var rejected = Assert.Single(result["rejected"]!.AsArray())!;
        Assert.Equal(2, (int)rejected["line"]!);
        Assert.Contains("control character", (string?)rejected["errors"]!["title"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_row_with_a_control_character_is_rejected_naming_the_column()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var csv = "title,occurred,type,actors,tags,source_url,source_title\n" +
                  $"Good,2024-10-23,statement,KP,{tag},https://example.org/a,A\n" +
                  $"Bad,2024-10-23,statement,KP,{tag},https://example.org/b,B\u0000\n";

        var response = await editor.PostAsync("/api/events/import?mode=partial", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var result = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToJsonString());
        Assert.Equal(1, (int)result["imported"]!);
        var rejected = Assert.Single(result["rejected"]!.AsArray())!;
        Assert.Equal(3, (int)rejected["line"]!);
        Assert.Contains("control character", (string?)rejected["errors"]!["source_title"]![0], StringComparison.Ordinal);
        Assert.Equal(1, await CountTagged(editor, tag));
    }

    /// <summary>The stored denial of service: an event whose text cannot be written as XML broke every feed showing it.</summary>
    [Fact]
    public async Task The_feed_of_a_timeline_stays_readable_when_someone_tries_to_store_a_control_character()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = $"feed-{tag}";
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Feed", filter = new { tag = new[] { tag } } })).StatusCode);
        await editor.Record(Bodies.Event(tag));
        var id = (string)(await editor.Record(Bodies.Event(tag)))["id"]!;

        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PostAsync("/api/events", JsonBody(EventWith(tag, b => b["title"] = "\u0001").ToJsonString()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Patch(editor, id, """{"summary": "\u0002"}""", "\"1\"")).StatusCode);

        var feed = await editor.GetAsync($"/api/timelines/{slug}/feed.atom");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
    }
}
