using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>PATCH /api/events/{id} reads its body by the same rules as POST: what POST refuses with a 400, so does PATCH.</summary>
public sealed class BadAmendmentBodyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("""{"summary": "\ud800"}""", "summary", "surrogate")]
    [InlineData("""{"summary": "a\udc00b"}""", "summary", "surrogate")]
    [InlineData("""{"sources": [{"url": "https://example.org/", "title": "\ud800"}]}""", "sources[0].title", "surrogate")]
    [InlineData("""{"summary": "x", "summary": "y"}""", "body", "twice")]
    [InlineData("""{"sources": [{"url": "https://example.org/", "url": "https://example.org/b", "title": "t"}]}""", "body", "twice")]
    public async Task An_amendment_POST_would_refuse_is_400_and_changes_nothing(string patch, string field, string reason)
    {
        var editor = await api.As("editor");
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;

        var response = await Patch(editor, id, patch, "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        var read = await Get(editor, id);
        Assert.Equal(1, (int)read["version"]!);
        Assert.Equal("Test event.", (string?)read["summary"]);
    }

    [Theory]
    [InlineData("""{"summary": "\ud800"}""", "summary", "surrogate")]
    [InlineData("""{"summary": "x", "summary": "y"}""", "summary", "twice")]
    public async Task Recording_refuses_the_same_bodies(string members, string field, string reason)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var valid = System.Text.Json.JsonSerializer.SerializeToNode(Bodies.Event(tag))!.AsObject();
        valid.Remove("summary");
        // Spliced as text: a JSON object cannot hold a member twice, nor a lone surrogate unread.
        var body = valid.ToJsonString()[..^1] + "," + members.Trim()[1..];

        var response = await editor.PostAsync("/api/events", JsonBody(body));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        Assert.Equal(0, await CountTagged(editor, tag));
    }
}
