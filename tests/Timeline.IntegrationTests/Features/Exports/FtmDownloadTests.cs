using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Exports;

public sealed class FtmDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static List<JsonObject> Entities(string body) => [.. Lines(body).Select(l => JsonNode.Parse(l)!.AsObject())];

    private static string[] Values(JsonObject entity, string property) =>
        entity["properties"]![property]?.AsArray().Select(v => (string)v!).ToArray() ?? [];

    [Fact]
    public async Task Actors_events_and_designations_are_entities_whose_references_resolve_in_the_file()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await CreateActor(api.Admin, new { code = "TANKER-1", name = "A tanker", kind = "vessel", aliases = new[] { "Old name" }, identifiers = new { imo = "9179842" } });
        await CreateActor(api.Admin, new { code = "KIM-1", name = "A general", kind = "person", identifiers = new { wikidata = "Q42" } });
        var deployment = await editor.Record(Bodies.Event(tag, "2024-10", actors: ["KP", "RU", "KIM-1"]));
        var designationBody = Bodies.Event(tag, "2024-11-02", type: "sanctions.designation", actors: ["US", "TANKER-1"], title: "OFAC designates a tanker");
        designationBody["sanction"] = new { authority = "US OFAC", program = "DPRK3", reference = "FR 2024-1", listed = "2024-11-02", measures = new[] { "asset-freeze" }, reason = "Ship-to-ship transfers" };
        var designation = await editor.Record(designationBody);

        var (body, response) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");

        Assert.EndsWith(".ftm.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var entities = Entities(body);
        Assert.Equal(entities.Count, entities.Select(e => (string)e["id"]!).Distinct().Count());
        var byId = entities.ToDictionary(e => (string)e["id"]!);
        var schemaOf = (string code) => (string)byId.Values.Single(e => Values(e, "name").SequenceEqual([code == "TANKER-1" ? "A tanker" : code == "KIM-1" ? "A general" : code]))["schema"]!;
        Assert.Equal("Vessel", schemaOf("TANKER-1"));
        Assert.Equal("Person", schemaOf("KIM-1"));
        Assert.Equal("PublicBody", schemaOf("KP"));

        var seen = new HashSet<string>();
        foreach (var entity in entities)
        {
            // Every reference is to an entity earlier in the file.
            foreach (var property in new[] { "involved", "entity" })
            {
                Assert.All(Values(entity, property), id => Assert.True(seen.Contains(id), $"{entity["id"]} refers to {id}, not written before it"));
            }

            seen.Add((string)entity["id"]!);
        }

        var events = entities.Where(e => (string)e["schema"]! == "Event").ToList();
        Assert.Equal(2, events.Count);
        var deploymentEntity = events.Single(e => Values(e, "recordId").SequenceEqual([(string)deployment["id"]!]));
        Assert.Equal(["2024-10"], Values(deploymentEntity, "date"));
        Assert.Equal(3, Values(deploymentEntity, "involved").Length);
        var vessel = byId[Values(entities.Single(e => (string)e["schema"]! == "Sanction"), "entity").Single()];
        Assert.Equal(["IMO9179842"], Values(vessel, "imoNumber"));
        Assert.Equal(["Old name"], Values(vessel, "alias"));
        var sanction = entities.Single(e => (string)e["schema"]! == "Sanction");
        Assert.Equal(["US OFAC"], Values(sanction, "authority"));
        Assert.Equal(["DPRK3"], Values(sanction, "program"));
        Assert.Equal(["2024-11-02"], Values(sanction, "listingDate"));
        Assert.Equal(["asset-freeze"], Values(sanction, "provisions"));
        Assert.Equal([(string)designation["id"]!], Values(sanction, "recordId"));

        // Stable: the same view downloads with the same ids.
        var (again, _) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");
        Assert.Equal(entities.Select(e => (string)e["id"]!), Entities(again).Select(e => (string)e["id"]!));
    }
}
