using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class CredibilityTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static Dictionary<string, object?> Graded(string tag, int? credibility, params string?[] reliabilities)
    {
        var body = Bodies.Event(tag);
        body["credibility"] = credibility;
        body["sources"] = reliabilities.Select((r, i) => new Dictionary<string, object?>
        {
            ["url"] = $"https://example.org/{tag}/{i}", ["title"] = $"Report {i}", ["reliability"] = r,
        }).ToArray();
        return body;
    }

    [Fact]
    public async Task Grades_are_in_the_events_body_and_filter_the_timeline()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var confirmed = (string)(await editor.Record(Graded(tag, 1, "A", "C")))["id"]!;
        var possible = (string)(await editor.Record(Graded(tag, 3, "C")))["id"]!;
        var ungraded = (string)(await editor.Record(Graded(tag, null, [null])))["id"]!;

        var read = await Get(editor, confirmed);
        Assert.Equal((1, "A", "C"), ((int)read["credibility"]!, (string)read["sources"]![0]!["reliability"]!, (string)read["sources"]![1]!["reliability"]!));
        Assert.Null(read["sanction"]);
        Assert.Null((await Get(editor, ungraded))["credibility"]);

        var reader = await api.As("reader");
        async Task<List<string>> Ids(string query) =>
            [.. (await (await reader.GetAsync($"/api/timeline?tag={tag}&{query}")).Json())["items"]!.AsArray().Select(e => (string)e!["id"]!)];
        Assert.Equal([confirmed], await Ids("credibility=1,2"));
        Assert.Equal(new[] { confirmed, possible }.Order(), (await Ids("credibility=1&credibility=3")).Order());
        Assert.Equal([confirmed], await Ids("reliability=A,B"));
        Assert.Equal(2, (await Ids("reliability=C")).Count);
        Assert.Empty(await Ids("reliability=F"));
    }

    [Fact]
    public async Task Grades_are_amended_like_any_member_and_kept_in_the_change_log()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var id = (string)(await editor.Record(Graded(tag, 3, "D")))["id"]!;

        var amended = await Patch(editor, id, """{"credibility":1}""", "\"1\"");

        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal(1, (int)(await amended.Json())["credibility"]!);
        var mine = await Changes.ChangeFeed.WaitForAsync(editor, "limit=500&types=event", c => (string?)c["id"] == id, 2);
        Assert.Equal([3, 1], mine.Select(c => (int)c!["data"]!["credibility"]!));
        Assert.All(mine, c => Assert.Equal("D", (string?)c!["data"]!["sources"]![0]!["reliability"]));
    }

    [Theory]
    [InlineData(0, "B", "credibility")]
    [InlineData(7, "B", "credibility")]
    [InlineData(2, "G", "sources[0].reliability")]
    [InlineData(2, "b", "sources[0].reliability")]
    public async Task A_grade_off_the_scale_is_a_400_naming_it(int credibility, string reliability, string field)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        await AssertProblem(await editor.PostAsJsonAsync("/api/events", Graded(tag, credibility, reliability)), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Theory]
    [InlineData("credibility=7", "credibility")]
    [InlineData("credibility=1,x", "credibility")]
    [InlineData("reliability=A,G", "reliability")]
    public async Task A_filter_grade_off_the_scale_is_a_400_naming_it(string query, string field) =>
        await AssertProblem(await (await api.As("reader")).GetAsync("/api/timeline?" + query), HttpStatusCode.BadRequest, field);
}
