using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Events.Import;

/// <summary>The sample in tests/data: public reports on DPRK–Russia arms transfers, as FtM entities.</summary>
public sealed class FtmSampleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "dprk-russia.ftm.json");

    private static async Task<JsonObject> Import(HttpClient client)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(Sample));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.followthemoney+json");
        var response = await client.PostAsync("/api/events/import", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonArray> Timeline(HttpClient client, string query) =>
        (await (await client.GetAsync($"/api/timeline?{query}&limit=500")).Json())["items"]!.AsArray();

    [Fact]
    public async Task The_sample_becomes_actors_designations_and_events_and_a_second_import_records_nothing()
    {
        var editor = await api.As("editor");

        var first = await Import(editor);

        Assert.Equal(17, (int)first["imported"]!); // 13 designations, 4 events
        Assert.Equal(0, (int)first["rejectedCount"]!);
        Assert.Equal(13, (int)first["entities"]!["actors"]!);
        Assert.Equal(1, (int)first["entities"]!["otherSchemata"]!["UnknownLink"]!);

        var actors = (await (await editor.GetAsync("/api/actors?limit=500")).Json())["items"]!.AsArray().Select(a => a!.AsObject()).ToList();
        string Code(string name) => (string)actors.Single(a => (string?)a["name"] == name)["code"]!;
        Assert.Equal("IMO9179842", Code("Angara"));
        var angaraActor = actors.Single(a => (string?)a["name"] == "Angara");
        Assert.Equal(("vessel", "9179842", "ves-angara"), ((string?)angaraActor["kind"], (string?)angaraActor["identifiers"]!["imo"], (string?)angaraActor["identifiers"]!["opensanctions"]));
        Assert.Contains("Vladimir Mikheychik", actors.Single(a => (string?)a["name"] == "Vladimir Vladimirovich Mikheychik")["aliases"]!.AsArray().Select(a => (string)a!));

        // The Angara: its designation of May 2022 and three events, oldest first, as precise as their sources.
        var angara = await Timeline(editor, "actor=IMO9179842");
        Assert.Equal(["2022-05", "2023-08/2024-01", "2024-02-09/2024-04-25", "2024-07-12"], angara.Select(e => (string)e!["occurred"]!));
        Assert.Equal("sanctions.designation", (string?)angara[0]!["type"]);
        Assert.Equal(["IMO9179842", "KP", "RU"], angara[1]!["actors"]!.AsArray().Select(a => (string)a!).Order());
        Assert.Equal("https://teleg.eu/milinfolive/121079?embed=1", (string?)angara[0]!["sources"]![0]!["url"]);

        // The Lady R's listing is known to the year only.
        var ladyR = (await Timeline(editor, $"actor={Code("Lady R")}&type=sanctions.designation")).Single()!;
        Assert.Equal(("2022", "year", "2022-01-01", "2022-12-31"),
            ((string?)ladyR["occurred"], (string?)ladyR["precision"], (string?)ladyR["earliest"], (string?)ladyR["latest"]));

        // The designations of 11 January 2024, each of its own entity, with the program as the sources gave it.
        var january = await Timeline(editor, "type=sanctions.designation&from=2024-01-11&to=2024-01-11");
        Assert.Equal(4, january.Count);
        Assert.Contains(Code("Ashuluk Firing Range"), january.SelectMany(e => e!["actors"]!.AsArray()).Select(a => (string)a!));
        Assert.All(january, e => Assert.Equal(("US Department of State", "RUSSIA-EO14024", "2024-01-11"),
            ((string?)e!["sanction"]!["authority"], (string?)e["sanction"]!["program"], (string?)e["sanction"]!["listed"])));

        // The designation filters and an identifier in place of a code.
        Assert.Equal(5, (await Timeline(editor, "program=RUSSIA-EO14024")).Count); // four of January 2024, Transmorflot's
        Assert.Equal(4, (await Timeline(editor, "actor=imo:9179842")).Count);

        var second = await Import(editor);

        Assert.Equal((0, 17), ((int)second["imported"]!, (int)second["skipped"]!));
        Assert.Equal((0, 13), ((int)second["entities"]!["actors"]!, (int)second["entities"]!["actorsAlreadyRecorded"]!));
        Assert.Equal(4, (await Timeline(editor, "actor=IMO9179842")).Count);
    }
}
