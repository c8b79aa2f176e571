using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class AmendEventTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Amending_with_If_Match_changes_the_title_and_bumps_version_and_etag()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "DPRK troops reported in Russia"));
        var id = (string)created["id"]!;

        var response = await Patch(editor, id, """{ "title": "US confirms DPRK troops in Russia" }""", "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var amended = await response.Json();
        Assert.Equal("US confirms DPRK troops in Russia", (string?)amended["title"]);
        Assert.Equal(2, (int)amended["version"]!);

        var readResponse = await editor.GetAsync($"/api/events/{id}");
        Assert.Equal("\"2\"", readResponse.Headers.ETag!.Tag);
        var read = await readResponse.Json();
        Assert.Equal("US confirms DPRK troops in Russia", (string?)read["title"]);
        Assert.Equal(2, (int)read["version"]!);
        // Members the patch leaves out are kept.
        Assert.Equal("2024-10-23", (string?)read["occurred"]);
        Assert.Equal("Test event.", (string?)read["summary"]);
        Assert.Equal(["KP", "RU"], read["actors"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("editor-key", (string?)read["recordedBy"]);
    }

    [Fact]
    public async Task Amending_with_null_removes_a_member_and_arrays_are_replaced_whole()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var created = await editor.Record(Bodies.Event(tag));
        var id = (string)created["id"]!;

        var response = await Patch(editor, id, """
            {
              "summary": null,
              "actors": ["US", "KR"],
              "sources": [{ "url": "https://example.org/statement", "title": "Statement" }]
            }
            """, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Get(editor, id);
        Assert.True(string.IsNullOrEmpty((string?)read["summary"]), $"summary should be gone: {read["summary"]}");
        Assert.Equal(["US", "KR"], read["actors"]!.AsArray().Select(a => (string)a!));
        var source = Assert.Single(read["sources"]!.AsArray())!.AsObject();
        Assert.Equal("https://example.org/statement", (string?)source["url"]);
        Assert.Equal("Statement", (string?)source["title"]);
        Assert.Null((string?)source["publisher"]);
        Assert.Null((string?)source["published"]);
        Assert.Equal([tag], read["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Amending_the_date_derives_new_bounds()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), occurred: "2024-10-23"));

        var response = await Patch(editor, (string)created["id"]!, """{ "occurred": "2024-10-14/2024-10-20" }""", "\"1\"",
            mediaType: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var amended = await response.Json();
        Assert.Equal("2024-10-14/2024-10-20", (string?)amended["occurred"]);
        Assert.Equal("2024-10-14", (string?)amended["earliest"]);
        Assert.Equal("2024-10-20", (string?)amended["latest"]);
        Assert.Equal("day", (string?)amended["precision"]);
    }

    [Fact]
    public async Task Amending_without_If_Match_is_428()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Original title"));
        var id = (string)created["id"]!;

        var response = await Patch(editor, id, """{ "title": "Changed" }""", ifMatch: null);

        await AssertProblem(response, (HttpStatusCode)428);
        var read = await Get(editor, id);
        Assert.Equal("Original title", (string?)read["title"]);
        Assert.Equal(1, (int)read["version"]!);
    }

    [Fact]
    public async Task Amending_with_a_stale_ETag_is_412_and_leaves_the_event_unchanged()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Original title"));
        var id = (string)created["id"]!;
        var first = await Patch(editor, id, """{ "title": "First amendment" }""", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var stale = await Patch(editor, id, """{ "title": "Lost update" }""", "\"1\"");

        await AssertProblem(stale, HttpStatusCode.PreconditionFailed);
        var readResponse = await editor.GetAsync($"/api/events/{id}");
        Assert.Equal("\"2\"", readResponse.Headers.ETag!.Tag);
        var read = await readResponse.Json();
        Assert.Equal("First amendment", (string?)read["title"]);
        Assert.Equal(2, (int)read["version"]!);
    }

    [Fact]
    public async Task Amending_with_an_ETag_from_the_future_is_412()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var response = await Patch(editor, (string)created["id"]!, """{ "title": "Changed" }""", "\"7\"");
        await AssertProblem(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Successive_amendments_each_need_the_latest_ETag()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)created["id"]!;

        var second = await Patch(editor, id, """{ "status": "confirmed" }""", "\"1\"");
        var third = await Patch(editor, id, """{ "status": "disputed" }""", second.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("\"3\"", third.Headers.ETag!.Tag);
        var read = await Get(editor, id);
        Assert.Equal("disputed", (string?)read["status"]);
        Assert.Equal(3, (int)read["version"]!);
    }

    [Fact]
    public async Task An_amendment_that_leaves_the_event_invalid_is_400_and_changes_nothing()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Original title"));
        var id = (string)created["id"]!;

        var response = await Patch(editor, id, """{ "title": null, "occurred": "2024-13" }""", "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, "title");
        await AssertProblem(response, HttpStatusCode.BadRequest, "occurred", "month");
        var read = await Get(editor, id);
        Assert.Equal("Original title", (string?)read["title"]);
        Assert.Equal(1, (int)read["version"]!);
    }

    [Fact]
    public async Task An_amendment_with_an_unknown_member_is_400_naming_it()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var response = await Patch(editor, (string)created["id"]!, """{ "colour": "red" }""", "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, "colour");
        Assert.Equal(1, (int)(await Get(editor, (string)created["id"]!))["version"]!);
    }

    [Fact]
    public async Task An_event_cannot_be_amended_to_relate_to_itself()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)created["id"]!;

        var response = await Patch(editor, id, $$"""{ "related": [{ "eventId": "{{id}}", "relation": "confirms" }] }""", "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, "related");
    }

    [Fact]
    public async Task Amending_an_unknown_event_is_404()
    {
        var editor = await api.As("editor");
        var response = await Patch(editor, Guid.NewGuid().ToString(), """{ "title": "x" }""", "\"1\"");
        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Amending_needs_an_editor_key()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Original title"));

        var response = await Patch(await api.As("reader"), (string)created["id"]!, """{ "title": "x" }""", "\"1\"");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Original title", (string?)(await Get(editor, (string)created["id"]!))["title"]);
    }
}
