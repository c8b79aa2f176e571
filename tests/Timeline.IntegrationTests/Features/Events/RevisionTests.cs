using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class RevisionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Server and tests share a clock; stored instants are truncated to microseconds.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Revisions_list_every_version_in_order_with_who_when_and_the_kind_of_change()
    {
        var editor = await api.As("editor");
        var other = await NewKey(api, "second-analyst", "editor");

        var t0 = DateTimeOffset.UtcNow;
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "First title"));
        var t1 = DateTimeOffset.UtcNow;
        var id = (string)created["id"]!;
        var amend = await Patch(other, id, """{ "title": "Second title" }""", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, amend.StatusCode);
        var t2 = DateTimeOffset.UtcNow;
        var retract = await api.Admin.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "Misattributed." });
        Assert.Equal(HttpStatusCode.OK, retract.StatusCode);
        var t3 = DateTimeOffset.UtcNow;

        var response = await (await api.As("reader")).GetAsync($"/api/events/{id}/revisions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revisions = (await response.JsonArray()).Select(r => r!.AsObject()).ToList();
        Assert.Equal([1, 2, 3], revisions.Select(r => (int)r["version"]!));
        Assert.Equal(["recorded", "amended", "retracted"], revisions.Select(r => (string)r["change"]!));
        Assert.Equal(["editor-key", "second-analyst", "admin"], revisions.Select(r => (string)r["changedBy"]!));
        Assert.Null((string?)revisions[0]["reason"]);
        Assert.Null((string?)revisions[1]["reason"]);
        Assert.Equal("Misattributed.", (string?)revisions[2]["reason"]);

        var windows = new[] { (t0, t1), (t1, t2), (t2, t3) };
        for (var i = 0; i < 3; i++)
        {
            var changedAt = (DateTimeOffset)revisions[i]["changedAt"]!;
            Assert.InRange(changedAt, windows[i].Item1 - Slack, windows[i].Item2 + Slack);
        }

        // Each revision holds the event as that version said it.
        var states = revisions.Select(r => r["event"]!.AsObject()).ToList();
        Assert.Equal(["First title", "Second title", "Second title"], states.Select(s => (string)s["title"]!));
        Assert.Equal(["reported", "reported", "retracted"], states.Select(s => (string)s["status"]!));
        Assert.Equal([1, 2, 3], states.Select(s => (int)s["version"]!));
        Assert.All(states, s => Assert.Equal("editor-key", (string?)s["recordedBy"]));
    }

    [Fact]
    public async Task A_new_event_has_one_recorded_revision()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var revisions = await (await editor.GetAsync($"/api/events/{created["id"]}/revisions")).JsonArray();

        var only = Assert.Single(revisions)!.AsObject();
        Assert.Equal(1, (int)only["version"]!);
        Assert.Equal("recorded", (string?)only["change"]);
        Assert.Equal("editor-key", (string?)only["changedBy"]);
        Assert.Equal((string?)created["id"], (string?)only["event"]!["id"]);
    }

    [Fact]
    public async Task A_failed_amendment_adds_no_revision()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var id = (string)created["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await Patch(editor, id, """{ "title": "Two" }""", "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Patch(editor, id, """{ "title": "Three" }""", "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Patch(editor, id, """{ "title": "" }""", "\"2\"")).StatusCode);

        var revisions = await (await editor.GetAsync($"/api/events/{id}/revisions")).JsonArray();

        Assert.Equal([1, 2], revisions.Select(r => (int)r!["version"]!));
    }

    [Fact]
    public async Task Revisions_of_an_unknown_event_are_404()
    {
        var response = await (await api.As("reader")).GetAsync($"/api/events/{Guid.NewGuid()}/revisions");
        await AssertProblem(response, HttpStatusCode.NotFound);
    }
}
