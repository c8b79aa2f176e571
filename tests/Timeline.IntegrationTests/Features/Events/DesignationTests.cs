using System.Net;
using System.Net.Http.Json;
using System.Text;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events;

public sealed class DesignationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static Dictionary<string, object?> Designation(string tag, string authority, string program, string[] actors, string type = "sanctions.designation")
    {
        var body = Bodies.Event(tag, type: type, actors: actors, title: $"{authority} designates under {program}", status: "confirmed");
        body["sanction"] = new Dictionary<string, object?>
        {
            ["authority"] = authority, ["program"] = program, ["reference"] = "KPe.028", ["listed"] = "2024-10~",
            ["measures"] = new[] { "asset-freeze", "travel-ban" }, ["reason"] = "Arms transfers to Russia",
        };
        return body;
    }

    [Fact]
    public async Task A_designation_is_recorded_with_its_sanction_and_found_by_authority_and_program()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var ofac = await editor.Record(Designation(tag, "US OFAC", "DPRK3", ["US", "KP"]));
        var eu = await editor.Record(Designation(tag, "EU Council", "RUSSIA-EO14024", ["KP", "RU"], type: "sanctions.delisting"));

        var read = await Get(editor, (string)ofac["id"]!);
        var sanction = read["sanction"]!;
        Assert.Equal(("US OFAC", "DPRK3", "KPe.028", "2024-10~"), ((string)sanction["authority"]!, (string)sanction["program"]!,
            (string)sanction["reference"]!, (string)sanction["listed"]!));
        Assert.Equal(["asset-freeze", "travel-ban"], sanction["measures"]!.AsArray().Select(m => (string)m!));
        Assert.Null(sanction["ends"]);

        var reader = await api.As("reader");
        async Task<List<string>> Ids(string query) =>
            [.. (await (await reader.GetAsync($"/api/timeline?tag={tag}&{query}")).Json())["items"]!.AsArray().Select(e => (string)e!["id"]!)];
        Assert.Equal([(string)ofac["id"]!], await Ids("authority=US%20OFAC"));
        Assert.Equal([(string)eu["id"]!], await Ids("program=RUSSIA-EO14024"));
        Assert.Equal(2, (await Ids("authority=US%20OFAC&authority=EU%20Council")).Count);
        Assert.Empty(await Ids("authority=UN%20Security%20Council%201718%20Committee"));
    }

    [Fact]
    public async Task A_sanction_on_another_type_of_event_or_an_incomplete_one_is_a_400_naming_the_field()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        await AssertProblem(await editor.PostAsJsonAsync("/api/events", Designation(tag, "US OFAC", "DPRK3", ["KP"], type: "military.deployment")),
            HttpStatusCode.BadRequest, "sanction", "sanctions.designation");
        var noAuthority = Designation(tag, "", "DPRK3", ["KP"]);
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", noAuthority), HttpStatusCode.BadRequest, "sanction.authority");
        var badDate = Designation(tag, "US OFAC", "DPRK3", ["KP"]);
        ((Dictionary<string, object?>)badDate["sanction"]!)["ends"] = "2024-21";
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", badDate), HttpStatusCode.BadRequest, "sanction.ends");

        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task An_amendment_merges_into_the_sanction_and_the_revision_keeps_the_old_one()
    {
        var editor = await api.As("editor");
        var recorded = await editor.Record(Designation(Bodies.UniqueTag(), "US OFAC", "DPRK3", ["KP"]));
        var id = (string)recorded["id"]!;

        var amended = await Patch(editor, id, """{"sanction":{"ends":"2025-03-01","measures":["asset-freeze"]}}""", "\"1\"");

        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var sanction = (await amended.Json())["sanction"]!;
        Assert.Equal(("US OFAC", "2025-03-01", 1), ((string)sanction["authority"]!, (string)sanction["ends"]!, sanction["measures"]!.AsArray().Count));
        var revisions = await (await editor.GetAsync($"/api/events/{id}/revisions")).JsonArray();
        Assert.Null(revisions[0]!["event"]!["sanction"]!["ends"]);
    }

    [Fact]
    public async Task A_subscription_to_designations_of_a_saved_timelines_actors_hears_of_those_only()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = "koreas-" + tag;
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines",
            new { slug, title = "The Koreas", filter = new { actor = new[] { "KP", "iso3166:KR" } } })).StatusCode);
        var subscription = (string)(await editor.Subscribe(new { name = "designations " + tag, filter = new { type = new[] { "sanctions.designation" }, actorsOf = slug, tag = new[] { tag } } }))["id"]!;

        var ofKorea = await editor.Record(Designation(tag, "US OFAC", "DPRK3", ["KR"]));
        await editor.Record(Designation(tag, "EU Council", "RUSSIA", ["RU"]));
        await editor.Record(Bodies.Event(tag, actors: ["KP"]));

        await api.AlertsMatchedAsync();
        var alerts = (await (await editor.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!.AsArray();
        Assert.Equal([(string)ofKorea["id"]!], alerts.Select(a => (string)a!["eventId"]!));
        Assert.Equal("DPRK3", (string?)alerts[0]!["data"]!["event"]!["sanction"]!["program"]);

        var timeline = await (await editor.GetAsync($"/api/timeline?tag={tag}&type=sanctions.designation&actorsOf={slug}")).Json();
        Assert.Equal([(string)ofKorea["id"]!], timeline["items"]!.AsArray().Select(e => (string)e!["id"]!));
    }

    [Theory]
    [InlineData("actorsOf=no-such-timeline", "actorsOf")]
    [InlineData("actorsOf=Not%20A%20Slug", "actorsOf")]
    [InlineData("actorsOf=x&actor=KP", "actorsOf")]
    public async Task A_bad_actorsOf_is_a_400_naming_it(string query, string field) =>
        await AssertProblem(await (await api.As("reader")).GetAsync("/api/timeline?" + query), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Imported_events_keep_their_sanction_credibility_and_reliability()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var line = $$"""{"externalId":"{{tag}}","title":"OFAC designates","occurred":"2024-10-23","type":"sanctions.designation","actors":["KP"],"tags":["{{tag}}"],"credibility":1,"sanction":{"authority":"US OFAC","program":"DPRK3","measures":["asset-freeze"]},"sources":[{"url":"https://example.org/{{tag}}","title":"Press release","reliability":"A"}]}""";

        var response = await editor.PostAsync("/api/events/import", new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await (await editor.GetAsync($"/api/timeline?tag={tag}&authority=US%20OFAC&credibility=1&reliability=A")).Json())["items"]!.AsArray();
        var imported = Assert.Single(items)!;
        Assert.Equal(("DPRK3", 1, "A"), ((string)imported["sanction"]!["program"]!, (int)imported["credibility"]!, (string)imported["sources"]![0]!["reliability"]!));
        var asOf = await (await editor.GetAsync($"/api/timeline?tag={tag}&program=DPRK3&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(5).ToString("O"))}")).Json();
        Assert.Single(asOf["items"]!.AsArray());
    }
}
