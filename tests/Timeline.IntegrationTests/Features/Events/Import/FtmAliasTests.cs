using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Events.Import;

/// <summary>The sample in tests/data of names in several scripts, imported over actors already recorded.</summary>
public sealed class FtmAliasTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "data", "names-across-scripts.ftm.json");

    private static async Task<JsonObject> Import(HttpClient client)
    {
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(Sample));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.followthemoney+json");
        var response = await client.PostAsync("/api/events/import", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<List<string>> Codes(string q) =>
        [.. (await (await (await api.As("reader")).GetAsync($"/api/actors?q={Uri.EscapeDataString(q)}")).Json())["items"]!.AsArray().Select(a => (string)a!["code"]!)];

    [Fact]
    public async Task An_entity_already_recorded_by_its_wikidata_id_brings_its_names_as_aliases_once()
    {
        var editor = await api.As("editor");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors",
            new { code = "KP-LEADER", name = "Ким Чен Ын", kind = "person", identifiers = new { wikidata = "Q56226" } })).StatusCode);
        Assert.DoesNotContain("KP-LEADER", await Codes("金正恩"));
        Assert.DoesNotContain("KP-LEADER", await Codes("Kim Jong Un"));

        var first = await Import(editor);

        var entities = first["entities"]!.AsObject();
        Assert.Equal((2, 1), ((int)entities["actors"]!, (int)entities["actorsAlreadyRecorded"]!));
        var added = entities["aliasesAdded"]!.AsArray().Single()!.AsObject();
        Assert.Equal("KP-LEADER", (string?)added["code"]);
        // Kim Jong-un has the key of Kim Jong Un, and the Russian name is the actor's own: neither is added again.
        Assert.Equal(["Kim Jong Un", "김정은", "金正恩"], added["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("KP-LEADER", (await Codes("金正恩"))[0]);
        Assert.Equal("KP-LEADER", (await Codes("Kim Jong Un"))[0]);
        Assert.Equal("KP-LEADER", (await Codes("김정은"))[0]);

        // The aliases are an amendment: a new version with its revision.
        var actor = await (await editor.GetAsync("/api/actors/KP-LEADER")).Json();
        Assert.Equal(2, (int)actor["version"]!);
        Assert.Equal(["Kim Jong Un", "김정은", "金正恩"], actor["aliases"]!.AsArray().Select(a => (string)a!));
        var revisions = JsonNode.Parse(await (await editor.GetAsync("/api/actors/KP-LEADER/revisions")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["recorded", "amended"], revisions.Select(r => (string)r!["change"]!));

        // The entities not recorded before are recorded with their names, and found by them from other scripts.
        Assert.Contains("NAMES-SERGEI-SHOIGU", await Codes("Шойгу Сергей"));
        Assert.Equal("NAMES-CHOE-SON-HUI", (await Codes("최선희"))[0]);

        var second = await Import(editor);

        Assert.Equal((0, 3), ((int)second["entities"]!["actors"]!, (int)second["entities"]!["actorsAlreadyRecorded"]!));
        Assert.Empty(second["entities"]!["aliasesAdded"]!.AsArray());
        Assert.Equal(2, (int)(await (await editor.GetAsync("/api/actors/KP-LEADER")).Json())["version"]!);
    }
}
