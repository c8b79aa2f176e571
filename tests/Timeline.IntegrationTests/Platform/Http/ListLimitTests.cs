using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>An event relates to, and fulfils, at most 50 others: a longer list is a 400 naming the limit.</summary>
public sealed class ListLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject EventWith(string tag, string member, int count)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Bodies.Event(tag))!.AsObject();
        body[member] = member == "related"
            ? new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["eventId"] = Guid.NewGuid().ToString(), ["relation"] = "follows" })])
            : new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)Guid.NewGuid().ToString())]);
        return body;
    }

    [Theory]
    [InlineData("related", "at most 50 related events")]
    [InlineData("fulfils", "at most 50 follow-ups")]
    public async Task Fifty_one_items_are_400_naming_the_limit_and_record_nothing(string member, string reason)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var response = await editor.PostAsync("/api/events", JsonBody(EventWith(tag, member, 51).ToJsonString()));

        await AssertProblem(response, HttpStatusCode.BadRequest, member, reason);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Theory]
    [InlineData("related")]
    [InlineData("fulfils")]
    public async Task Fifty_items_pass_the_limit(string member)
    {
        var editor = await api.As("editor");

        // Fifty unknown ids: refused for not existing, not for being too many.
        var response = await editor.PostAsync("/api/events", JsonBody(EventWith(Bodies.UniqueTag(), member, 50).ToJsonString()));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, member);
        Assert.DoesNotContain("at most", problem["errors"]![member]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendment_to_51_related_events_is_400()
    {
        var editor = await api.As("editor");
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;
        var related = EventWith("x", "related", 51)["related"]!.ToJsonString();

        var response = await Patch(editor, id, $$"""{"related": {{related}}}""", "\"1\"");

        await AssertProblem(response, HttpStatusCode.BadRequest, "related", "at most 50");
    }
}
