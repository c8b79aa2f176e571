using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class RetractEventTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Retracting_keeps_the_event_with_status_retracted_and_the_reason()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var created = await editor.Record(Bodies.Event(tag, status: "confirmed"));
        var id = (string)created["id"]!;

        var response = await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "The source withdrew the report." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var retracted = await response.Json();
        Assert.Equal("retracted", (string?)retracted["status"]);
        Assert.Equal("The source withdrew the report.", (string?)retracted["retractionReason"]);
        Assert.Equal(2, (int)retracted["version"]!);

        var read = await Get(await api.As("reader"), id);
        Assert.Equal("retracted", (string?)read["status"]);
        Assert.Equal("The source withdrew the report.", (string?)read["retractionReason"]);
        Assert.Equal((string?)created["title"], (string?)read["title"]);
        Assert.Equal(1, await CountTagged(editor, tag));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "reason": "" }""")]
    [InlineData("""{ "reason": "   " }""")]
    [InlineData("""{ "reason": null }""")]
    public async Task Retracting_without_a_reason_is_400_and_changes_nothing(string body)
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)created["id"]!;

        var response = await editor.PostAsync($"/api/events/{id}/retraction", JsonBody(body));

        await AssertProblem(response, HttpStatusCode.BadRequest, "reason");
        var read = await Get(editor, id);
        Assert.Equal("reported", (string?)read["status"]);
        Assert.Equal(1, (int)read["version"]!);
    }

    [Fact]
    public async Task Retracting_twice_is_409()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)created["id"]!;
        var first = await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "Wrong." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var second = await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "Still wrong." });

        await AssertProblem(second, HttpStatusCode.Conflict);
        var read = await Get(editor, id);
        Assert.Equal("Wrong.", (string?)read["retractionReason"]);
        Assert.Equal(2, (int)read["version"]!);
    }

    [Fact]
    public async Task Amending_a_retracted_event_is_refused()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Original title"));
        var id = (string)created["id"]!;
        var retraction = await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "Wrong." });
        var etag = retraction.Headers.ETag!.Tag;

        var response = await Patch(editor, id, """{ "title": "Resurrected", "status": "confirmed" }""", etag);

        await AssertProblem(response, HttpStatusCode.Conflict);
        var read = await Get(editor, id);
        Assert.Equal("Original title", (string?)read["title"]);
        Assert.Equal("retracted", (string?)read["status"]);
        Assert.Equal(2, (int)read["version"]!);
    }

    [Fact]
    public async Task Retracting_an_unknown_event_is_404()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync($"/api/events/{Guid.NewGuid()}/retraction", new { reason = "Wrong." });
        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retracting_needs_an_editor_key()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var response = await (await api.As("reader")).PostAsJsonAsync($"/api/events/{created["id"]}/retraction", new { reason = "Wrong." });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("reported", (string?)(await Get(editor, (string)created["id"]!))["status"]);
    }
}
