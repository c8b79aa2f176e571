using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events.Import;

/// <summary>FollowTheMoney entities as an import: actors, designations and events, in one transaction.</summary>
public sealed class FtmImportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string FtmType = "application/vnd.followthemoney+json";

    private static Task<HttpResponseMessage> Import(HttpClient client, string body, string mediaType = FtmType, string query = "") =>
        client.PostAsync($"/api/events/import{query}", new StringContent(body, Encoding.UTF8, mediaType));

    private static async Task<JsonObject> Imported(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonArray> Timeline(HttpClient client, string query) =>
        (await (await client.GetAsync($"/api/timeline?{query}&limit=500")).Json())["items"]!.AsArray();

    /// <summary>A vessel and its designation with ids of their own, so that each test records its own.</summary>
    private static (string Vessel, string Sanction, string Body) Designated(string name, string listed = "2024-03")
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var vessel = $$$"""{"id": "ves-{{{id}}}", "schema": "Vessel", "properties": {"name": ["{{{name}}}"], "alias": ["{{{name}}} II"]}}""";
        var sanction = $$$"""{"id": "san-{{{id}}}", "schema": "Sanction", "properties": {"entity": ["ves-{{{id}}}"], "authority": ["US OFAC"], "program": ["DPRK3"], "listingDate": ["{{{listed}}}"], "sourceUrl": ["https://example.org/{{{id}}}"]}}""";
        return ($"ves-{id}", $"san-{id}", sanction + "\n" + vessel + "\n");
    }

    private static async Task<JsonObject?> ActorNamed(HttpClient client, string name) =>
        (await (await client.GetAsync($"/api/actors?q={Uri.EscapeDataString(name)}&limit=500")).Json())["items"]!.AsArray()
            .Select(a => a!.AsObject()).SingleOrDefault(a => (string?)a["name"] == name);

    [Fact]
    public async Task A_sanction_before_its_vessel_becomes_a_designation_of_a_new_actor_dated_as_precisely_as_given()
    {
        var editor = await api.As("editor");
        var name = "Vessel " + Bodies.UniqueTag();
        var (_, sanction, body) = Designated(name);

        var result = await Imported(await Import(editor, body));

        Assert.Equal(1, (int)result["imported"]!);
        Assert.Equal(1, (int)result["entities"]!["actors"]!);
        var actor = await ActorNamed(editor, name);
        Assert.NotNull(actor);
        Assert.Equal([name + " II"], actor["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("vessel", (string?)actor["kind"]);
        Assert.Equal("ves-" + sanction[4..], (string?)actor["identifiers"]!["opensanctions"]);
        var designation = Assert.Single(await Timeline(editor, $"actor={actor["code"]}"))!;
        Assert.Equal("sanctions.designation", (string?)designation["type"]);
        Assert.Equal(("US OFAC", "DPRK3", "2024-03"), ((string?)designation["sanction"]!["authority"], (string?)designation["sanction"]!["program"], (string?)designation["sanction"]!["listed"]));
        Assert.Equal("2024-03", (string?)designation["occurred"]);
        Assert.Equal("month", (string?)designation["precision"]);
        Assert.Equal(("2024-03-01", "2024-03-31"), ((string?)designation["earliest"], (string?)designation["latest"]));
        Assert.Equal("https://example.org/" + sanction[4..], (string?)Assert.Single(designation["sources"]!.AsArray())!["url"]);

        // The change log has the actor and the event, each once.
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var changes = new NpgsqlCommand("SELECT kind FROM timeline.changes WHERE entity_id IN (@actor, @event) ORDER BY kind", connection);
        changes.Parameters.AddWithValue("actor", (string)actor["code"]!);
        changes.Parameters.AddWithValue("event", (string)designation["id"]!);
        var kinds = new List<string>();
        await using (var reader = await changes.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                kinds.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["actor.recorded", "event.imported"], kinds);
    }

    [Fact]
    public async Task A_reference_to_an_entity_neither_in_the_file_nor_recorded_rejects_the_import_naming_it()
    {
        var editor = await api.As("editor");
        var name = "Vessel " + Bodies.UniqueTag();
        var (_, _, body) = Designated(name);
        body += """{"id": "evt-orphan", "schema": "Event", "properties": {"name": ["A transfer"], "involved": ["NK-nowhere", "KP"], "date": ["2024-07-12"], "sourceUrl": ["https://example.org/orphan"]}}""" + "\n";

        var problem = await AssertProblem(await Import(editor, body), HttpStatusCode.UnprocessableEntity);

        var rejection = Assert.Single(problem["rejected"]!.AsArray())!;
        Assert.Equal(3, (int)rejection["line"]!);
        Assert.Contains("NK-nowhere", (string)rejection["errors"]!["properties.involved"]![0]!, StringComparison.Ordinal);
        Assert.Null(await ActorNamed(editor, name)); // the vessel went with the rest of the transaction

        var partial = await Imported(await Import(editor, body, query: "?mode=partial"));
        Assert.Equal((1, 1), ((int)partial["imported"]!, (int)partial["rejectedCount"]!));
        Assert.NotNull(await ActorNamed(editor, name));
    }

    [Fact]
    public async Task Format_ftm_reads_json_lines_as_entities_and_contradictions_are_refused()
    {
        var editor = await api.As("editor");
        var (_, _, body) = Designated("Vessel " + Bodies.UniqueTag());

        var result = await Imported(await Import(editor, body, "application/x-ndjson", "?format=ftm"));
        Assert.Equal(1, (int)result["imported"]!);

        await AssertProblem(await Import(editor, "title\nx\n", "text/csv", "?format=ftm"), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await Import(editor, body, FtmType, "?format=xml"), HttpStatusCode.BadRequest, "format");
        await AssertProblem(await Import(editor, "\n\n"), HttpStatusCode.BadRequest, "body", "no entities");
        await AssertProblem(await Import(editor, "{\"id\": \"x\", \"schema\": \"Person\", \"properties\": {\"name\": [1]}}\n"), HttpStatusCode.UnprocessableEntity);
    }
}
