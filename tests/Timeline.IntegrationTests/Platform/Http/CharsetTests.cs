using System.Net;
using System.Text;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>Bodies are UTF-8: a charset that names anything else, or nothing known, is a 415 on every write.</summary>
public sealed class CharsetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static ByteArrayContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=")]
    public async Task Recording_an_event_with_another_charset_is_415_and_records_nothing(string contentType)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var response = await editor.PostAsync("/api/events", Body(Serialize(Bodies.Event(tag)), contentType));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Theory]
    [InlineData("/api/actors", """{"code": "ZN", "name": "Zed", "kind": "state"}""", "application/json; charset=nonsense")]
    [InlineData("/api/timelines", """{"slug": "charset", "title": "T", "filter": {}}""", "application/json; charset=nonsense")]
    [InlineData("/api/subscriptions", """{"name": "charset", "filter": {}}""", "application/json; charset=nonsense")]
    [InlineData("/api/keys", """{"name": "charset", "role": "reader"}""", "application/json; charset=nonsense")]
    [InlineData("/api/events/import", """{"title": "x"}""", "application/x-ndjson; charset=nonsense")]
    [InlineData("/api/events/import", "title\nx\n", "text/csv; charset=latin1")]
    public async Task Every_write_with_an_unknown_charset_is_415(string path, string json, string contentType)
    {
        var response = await api.Admin.PostAsync(path, Body(json, contentType));
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_amendment_with_an_unknown_charset_is_415_and_changes_nothing()
    {
        var editor = await api.As("editor");
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/events/{id}") { Content = Body("""{"summary": "changed"}""", "application/merge-patch+json; charset=nonsense") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        await AssertProblem(await editor.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Test event.", (string?)(await Get(editor, id))["summary"]);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json")]
    public async Task UTF_8_or_no_charset_is_accepted(string contentType)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/events", Body(Serialize(Bodies.Event(Bodies.UniqueTag())), contentType));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
