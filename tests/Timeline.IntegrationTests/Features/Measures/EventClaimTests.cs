using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Exports;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Measures;

/// <summary>Claims shown with the event they are linked to (their <c>eventId</c>): its claims list and its downloads.</summary>
public sealed class EventClaimTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static JsonObject LinkedTo(object claim, string eventId)
    {
        var body = JsonSerializer.SerializeToNode(claim, JsonSerializerOptions.Web)!.AsObject();
        body["eventId"] = eventId;
        return body;
    }

    [Fact]
    public async Task An_events_claims_are_listed_with_their_measures_name_and_unit_and_a_retracted_one_is_not()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var code = await RecordMeasure(editor);
        var e = await editor.Record(Bodies.Event(Bodies.UniqueTag(), "2024-10-23"));
        var id = (string)e["id"]!;
        var reports = await RecordClaim(editor, code, LinkedTo(PublicReports(), id));
        var whiteHouse = await RecordClaim(editor, code, LinkedTo(WhiteHouse(), id));
        var withdrawn = await RecordClaim(editor, code, LinkedTo(new { value = 1, qualifier = "exact", asOf = "2024-10-24",
            source = new { url = "https://typo.example/", title = "A typo" } }, id));
        var retraction = await editor.PostAsJsonAsync($"/api/claims/{(string)withdrawn["id"]!}/retraction", new { reason = "a typo" });
        Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);
        await RecordClaim(editor, code, PublicReports()); // linked to no event

        var response = await reader.GetAsync($"/api/events/{id}/claims");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        // Oldest asOf first: the White House's figure of the 23rd before the reports of the 25th.
        Assert.Equal([(string)whiteHouse["id"]!, (string)reports["id"]!], claims.Select(c => (string)c!["id"]!));
        var first = claims[0]!;
        Assert.Equal(code, (string?)first["measure"]);
        Assert.Equal("DPRK military personnel in Russia", (string?)first["measureName"]);
        Assert.Equal("persons", (string?)first["unit"]);
        Assert.Equal("at-least", (string?)first["qualifier"]);
        Assert.Equal(3000m, (decimal)first["value"]!);
        Assert.Equal("The White House", (string?)first["source"]!["publisher"]);

        var none = await editor.Record(Bodies.Event(Bodies.UniqueTag(), "2024-10-23"));
        Assert.Empty((await (await reader.GetAsync($"/api/events/{(string)none["id"]!}/claims")).Content.ReadFromJsonAsync<JsonArray>())!);
        await AssertProblem(await reader.GetAsync($"/api/events/{Guid.NewGuid()}/claims"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_ndjson_download_carries_each_events_claims_on_its_line_as_they_were_known_at_its_asOf()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var code = await RecordMeasure(editor);
        var tag = Bodies.UniqueTag();
        var linked = await editor.Record(Bodies.Event(tag, "2024-10-23", title: "Troops in Russia"));
        var alone = await editor.Record(Bodies.Event(tag, "2024-10-24", title: "Nothing counted"));
        await Task.Delay(100);
        var before = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await Task.Delay(100);
        await RecordClaim(editor, code, LinkedTo(WhiteHouse(), (string)linked["id"]!));
        await RecordClaim(editor, code, LinkedTo(PublicReports(), (string)linked["id"]!));

        var (body, _) = await Download(reader, $"/api/timeline/download?format=ndjson&tag={tag}");

        var lines = Lines(body).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(l => (string)l["id"]!);
        var line = lines[(string)linked["id"]!];
        var claims = line["claims"]!.DeepClone();
        line.Remove("claims");
        Assert.True(JsonNode.DeepEquals(await Get(reader, (string)linked["id"]!), line), "but for its claims, the line is the event as GET returns it");
        var listed = await (await reader.GetAsync($"/api/events/{(string)linked["id"]!}/claims")).Content.ReadFromJsonAsync<JsonArray>();
        Assert.True(JsonNode.DeepEquals(listed, claims), $"the line's claims are the event's claims:\n{claims.ToJsonString()}\n{listed!.ToJsonString()}");
        Assert.Equal(2, claims.AsArray().Count);
        Assert.False(lines[(string)alone["id"]!].ContainsKey("claims"));

        // As the timeline was known before the claims were recorded: the event, without them.
        var (then, _) = await Download(reader, $"/api/timeline/download?format=ndjson&tag={tag}&asOf={Uri.EscapeDataString(before)}");
        Assert.All(Lines(then), l => Assert.False(JsonNode.Parse(l)!.AsObject().ContainsKey("claims")));
        Assert.Equal(2, Lines(then).Length);
    }

    [Fact]
    public async Task The_ftm_download_carries_each_claim_as_a_note_on_its_event_that_ftms_own_model_accepts()
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);
        var tag = Bodies.UniqueTag();
        var linked = await editor.Record(Bodies.Event(tag, "2024-10-23", actors: ["KP", "RU"]));
        var claim = await RecordClaim(editor, code, LinkedTo(WhiteHouse(), (string)linked["id"]!));

        var (body, _) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");

        var entities = Lines(body).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var note = entities.Single(e => (string?)e["schema"] == "Note");
        string[] Values(string property) => note["properties"]![property]?.AsArray().Select(v => (string)v!).ToArray() ?? [];
        Assert.Equal($"timeline-claim-{(string)claim["id"]!}", (string?)note["id"]);
        Assert.Equal([$"timeline-event-{(string)linked["id"]!}"], Values("entity"));
        Assert.Equal(["DPRK military personnel in Russia"], Values("name"));
        Assert.Equal(["at least 3000 persons, as of 2024-10-23"], Values("description"));
        Assert.Equal([code, "at-least"], Values("keywords"));
        Assert.Equal(["https://www.whitehouse.gov/briefing-room/press-briefings/2024/10/23/"], Values("sourceUrl"));
        Assert.Equal(["at least 3,000 soldiers"], Values("summary"));
        // The note follows its event, so its reference resolves to an entity written before it.
        Assert.True(entities.FindIndex(e => (string?)e["schema"] == "Event") < entities.IndexOf(note));

        var output = await ExportChecks.NodeAsync("check-ftm.mjs", body);
        Assert.Contains($"ftm: ok {entities.Count} entities", output, StringComparison.Ordinal);
        Assert.Contains("Note", output, StringComparison.Ordinal);
    }
}
