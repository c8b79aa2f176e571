using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>Bad parameters of GET /api/timeline: a 400 problem naming the parameter, never a 5xx.</summary>
public sealed class BadTimelineQueryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=%25%25%25", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2024-10-23", "asOf")]
    [InlineData("from=2024-13", "from")]
    [InlineData("to=2024-21", "to")]
    [InlineData("from=2024-10-14/2024-10-20", "from")]
    [InlineData("match=sometimes", "match")]
    [InlineData("status=deleted", "status[0]")]
    [InlineData("actor=kp", "actor[0]")]
    [InlineData("type=Military", "type[0]")]
    public async Task A_bad_timeline_parameter_is_400_naming_it(string query, string parameter)
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/timeline?{query}");
        await AssertProblem(response, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_400()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync("/api/timeline?from=2024-10&to=2024-06");
        await AssertProblem(response, HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task A_cursor_for_the_other_order_is_400()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await editor.Record(Bodies.Event(tag, occurred: "2024-06"));
        await editor.Record(Bodies.Event(tag, occurred: "2024-10"));
        var page = await (await editor.GetAsync($"/api/timeline?tag={tag}&limit=1")).Json();
        var cursor = (string)page["nextCursor"]!;

        var response = await editor.GetAsync($"/api/timeline?tag={tag}&limit=1&order=desc&cursor={cursor}");

        await AssertProblem(response, HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task A_truncated_cursor_is_400()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await editor.Record(Bodies.Event(tag, occurred: "2024-06"));
        await editor.Record(Bodies.Event(tag, occurred: "2024-10"));
        var page = await (await editor.GetAsync($"/api/timeline?tag={tag}&limit=1")).Json();
        var cursor = (string)page["nextCursor"]!;

        var response = await editor.GetAsync($"/api/timeline?tag={tag}&limit=1&cursor={cursor[..(cursor.Length / 2)]}");

        await AssertProblem(response, HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Good_parameters_are_accepted()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync(
            "/api/timeline?actor=KP&type=military.*&tag=troops&status=reported&from=2024&to=2024-12-31&match=within&q=troops&asOf=2030-01-01T00:00:00Z&order=desc&limit=500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Json();
        Assert.NotNull(page["items"]);
    }

    [Theory]
    [InlineData("as_of=2020-01-01T00:00:00Z", "as_of")]
    [InlineData("actors=KP", "actors")]
    [InlineData("tag=troops&page=2", "page")]
    public async Task An_unknown_timeline_parameter_is_400_naming_it(string query, string parameter)
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/timeline?{query}");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, parameter, "asOf");
        Assert.Single(problem["errors"]!.AsObject());
    }

    [Fact]
    public async Task Parameter_names_are_read_in_any_letter_case_as_binding_reads_them()
    {
        var reader = await api.As("reader");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/timeline?ASOF=2030-01-01T00:00:00Z&Limit=5")).StatusCode);
    }

    [Fact]
    public async Task Running_a_saved_timeline_with_an_unknown_parameter_is_400_naming_it()
    {
        var editor = await api.As("editor");
        var slug = $"run-{Bodies.UniqueTag()}";
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsync("/api/timelines", JsonBody($$$"""{"slug": "{{{slug}}}", "title": "T", "filter": {}}"""))).StatusCode);

        // The filter is the saved one's: a filter parameter here would be silently ignored.
        var response = await editor.GetAsync($"/api/timelines/{slug}/events?tag=troops");

        await AssertProblem(response, HttpStatusCode.BadRequest, "tag", "asOf");
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/api/timelines/{slug}/events?asOf=2030-01-01T00:00:00Z&limit=5")).StatusCode);
    }
}
