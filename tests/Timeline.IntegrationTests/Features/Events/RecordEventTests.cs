using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class RecordEventTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Recording_an_event_answers_201_with_location_etag_and_derived_dates()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag(), occurred: "2024-06~"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        Assert.Equal($"/api/events/{body["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("2024-06-01", (string?)body["earliest"]);
        Assert.Equal("2024-06-30", (string?)body["latest"]);
        Assert.Equal("month", (string?)body["precision"]);
        Assert.True((bool)body["approximate"]!);
        Assert.Equal("editor-key", (string?)body["recordedBy"]);

        var read = await editor.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("2024", "2024-01-01", "2024-12-31", "year", false, false)]
    [InlineData("2024-10-23?", "2024-10-23", "2024-10-23", "day", true, false)]
    [InlineData("2024-06%", "2024-06-01", "2024-06-30", "month", true, true)]
    [InlineData("2024-02-XX", "2024-02-01", "2024-02-29", "month", false, false)]
    [InlineData("202X", "2020-01-01", "2029-12-31", "year", false, false)]
    [InlineData("2024-10-14/2024-10-20", "2024-10-14", "2024-10-20", "day", false, false)]
    [InlineData("2024-06/2024-10-23", "2024-06-01", "2024-10-23", "month", false, false)]
    [InlineData("../2024-10", null, "2024-10-31", "month", false, false)]
    [InlineData("2024-06-19/..", "2024-06-19", null, "day", false, false)]
    [InlineData("2024-06-19/", "2024-06-19", null, "day", false, false)]
    public async Task Recording_derives_bounds_precision_and_qualifiers_from_the_EDTF_date(
        string occurred, string? earliest, string? latest, string precision, bool uncertain, bool approximate)
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag(), occurred: occurred));

        // The answer to the write and a later read agree, and the text is kept as written.
        foreach (var e in new[] { created, await Get(editor, (string)created["id"]!) })
        {
            Assert.Equal(occurred, (string?)e["occurred"]);
            Assert.Equal(earliest, (string?)e["earliest"]);
            Assert.Equal(latest, (string?)e["latest"]);
            Assert.Equal(precision, (string?)e["precision"]);
            Assert.Equal(uncertain, (bool)e["uncertain"]!);
            Assert.Equal(approximate, (bool)e["approximate"]!);
        }
    }

    [Fact]
    public async Task Recording_keeps_every_member_and_marks_the_key_that_recorded_it()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var body = Bodies.Event(tag, occurred: "2024-10-23", actors: ["KP", "RU", "US"], title: "US confirms DPRK troops in Russia", status: "confirmed");
        var created = await editor.Record(body);

        var read = await Get(editor, (string)created["id"]!);
        Assert.Equal("US confirms DPRK troops in Russia", (string?)read["title"]);
        Assert.Equal("Test event.", (string?)read["summary"]);
        Assert.Equal("military.deployment", (string?)read["type"]);
        Assert.Equal("confirmed", (string?)read["status"]);
        Assert.Equal(["KP", "RU", "US"], read["actors"]!.AsArray().Select(a => (string)a!));
        Assert.Equal([tag], read["tags"]!.AsArray().Select(a => (string)a!));
        var source = Assert.Single(read["sources"]!.AsArray())!.AsObject();
        Assert.Equal("https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia", (string?)source["url"]);
        Assert.Equal("Crossing the Rubicon", (string?)source["title"]);
        Assert.Equal("CSIS", (string?)source["publisher"]);
        Assert.Equal("2024-10-23", (string?)source["published"]);
        Assert.Empty(read["related"]!.AsArray());
        Assert.Equal(1, (int)read["version"]!);
        Assert.Equal("editor-key", (string?)read["recordedBy"]);
        Assert.Equal(1, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Status_defaults_to_reported()
    {
        var editor = await api.As("editor");
        var body = Bodies.Event(Bodies.UniqueTag());
        body.Remove("status");
        var created = await editor.Record(body);
        Assert.Equal("reported", (string?)created["status"]);
    }

    [Fact]
    public async Task Recorded_by_is_the_name_of_the_key_that_recorded_the_event()
    {
        var other = await NewKey(api, "analyst-on-duty", "editor");
        var created = await other.Record(Bodies.Event(Bodies.UniqueTag()));
        Assert.Equal("analyst-on-duty", (string?)created["recordedBy"]);

        var read = await Get(await api.As("reader"), (string)created["id"]!);
        Assert.Equal("analyst-on-duty", (string?)read["recordedBy"]);
    }

    [Fact]
    public async Task Getting_an_event_answers_its_etag()
    {
        var editor = await api.As("editor");
        var created = await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var read = await (await api.As("reader")).GetAsync($"/api/events/{created["id"]}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal((string?)created["id"], (string?)(await read.Json())["id"]);
    }

    [Fact]
    public async Task Getting_an_unknown_event_is_404()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/events/{Guid.NewGuid()}");
        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_actor_codes_are_400_naming_the_codes()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var response = await editor.PostAsJsonAsync("/api/events", Bodies.Event(tag, actors: ["KP", "ZZ", "QX"]));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "actors");
        var reasons = string.Join(" ", problem["errors"]!["actors"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("ZZ", reasons);
        Assert.Contains("QX", reasons);
        Assert.DoesNotContain("KP", reasons);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Related_events_that_do_not_exist_are_400()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var missing = Guid.NewGuid();
        var body = Bodies.Event(tag);
        body["related"] = new[] { new { eventId = missing, relation = "confirms" } };

        var response = await editor.PostAsJsonAsync("/api/events", body);

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "related");
        Assert.Contains(missing.ToString(), problem["errors"]!["related"]!.ToJsonString());
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Theory]
    [InlineData("confirms")]
    [InlineData("contradicts")]
    [InlineData("responds-to")]
    [InlineData("follows")]
    public async Task Every_relation_kind_of_the_contract_is_accepted(string relation)
    {
        var editor = await api.As("editor");
        var earlier = await editor.Record(Bodies.Event(Bodies.UniqueTag(), occurred: "2024-10"));
        var body = Bodies.Event(Bodies.UniqueTag());
        body["related"] = new[] { new { eventId = (string)earlier["id"]!, relation } };

        var created = await editor.Record(body);

        var read = await Get(editor, (string)created["id"]!);
        var related = Assert.Single(read["related"]!.AsArray())!.AsObject();
        Assert.Equal((string?)earlier["id"], (string?)related["eventId"]);
        Assert.Equal(relation, (string?)related["relation"]);
    }

    [Theory]
    [InlineData("causes")]
    [InlineData("Confirms")]
    [InlineData("")]
    public async Task Relation_kinds_outside_the_contract_are_400(string relation)
    {
        var editor = await api.As("editor");
        var earlier = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var tag = Bodies.UniqueTag();
        var body = Bodies.Event(tag);
        body["related"] = new[] { new { eventId = (string)earlier["id"]!, relation } };

        var response = await editor.PostAsJsonAsync("/api/events", body);

        await AssertProblem(response, HttpStatusCode.BadRequest, "related[0].relation", "confirms");
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Recording_needs_an_editor_key()
    {
        var tag = Bodies.UniqueTag();
        var asReader = await (await api.As("reader")).PostAsJsonAsync("/api/events", Bodies.Event(tag));
        var anonymous = await api.Anonymous().PostAsJsonAsync("/api/events", Bodies.Event(tag));

        Assert.Equal(HttpStatusCode.Forbidden, asReader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, await CountTagged(api.Admin, tag));
    }

    [Fact]
    public async Task Reading_an_event_needs_a_key()
    {
        var created = await (await api.As("editor")).Record(Bodies.Event(Bodies.UniqueTag()));
        var response = await api.Anonymous().GetAsync($"/api/events/{created["id"]}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
