using System.Text.Json;
using Microsoft.VisualBasic.FileIO;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Exports;

/// <summary>The downloads read by code written elsewhere: FollowTheMoney's model, and Papa Parse for the CSV.</summary>
public sealed class ExportLibraryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_ftm_download_loads_in_followthemoneys_model_every_schema_and_property_valid()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await CreateActor(api.Admin, new { code = "TANKER-2", name = "A tanker", kind = "vessel", identifiers = new { imo = "9179842" } });
        await CreateActor(api.Admin, new { code = "PLANE-2", name = "A cargo plane", kind = "aircraft" });
        await CreateActor(api.Admin, new { code = "FIRM-2", name = "A trading firm", kind = "company", identifiers = new { opensanctions = "NK-abc123", ofac = "12345" } });
        await CreateActor(api.Admin, new { code = "GEN-2", name = "A general", kind = "person", identifiers = new { wikidata = "Q42", un = "KPi.066" } });
        await RecordVariedEvents(editor, tag);
        await editor.Record(Bodies.Event(tag, "../2024-10", actors: ["KP", "PLANE-2", "GEN-2"], title: "Flights before October"));
        await editor.Record(Bodies.Event(tag, "202X", type: "trade.flow", actors: ["FIRM-2", "RU"], title: "Trade in the 2020s"));
        var designation = Bodies.Event(tag, "2024-11-02", type: "sanctions.designation", actors: ["US", "TANKER-2", "FIRM-2"], title: "OFAC designates");
        designation["sanction"] = new { authority = "US OFAC", program = "DPRK3", listed = "2024-11", ends = "2026", measures = new[] { "asset-freeze" }, reason = "Transfers" };
        await editor.Record(designation);

        var (ftm, _) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");
        var output = await ExportChecks.NodeAsync("check-ftm.mjs", ftm);

        Assert.Contains($"ftm: ok {Lines(ftm).Length} entities", output, StringComparison.Ordinal);
        foreach (var schema in new[] { "Airplane", "Company", "Event", "Person", "PublicBody", "Sanction", "Vessel" })
        {
            Assert.Contains(schema, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_csv_download_parses_with_papa_parse_to_the_same_rows()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var recorded = await RecordVariedEvents(editor, tag);

        var (csv, _) = await Download(editor, $"/api/timeline/download?format=csv&tag={tag}");
        var papa = JsonSerializer.Deserialize<string[][]>(await ExportChecks.NodeAsync("parse-csv.mjs", csv))!;

        using var parser = new TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var dotnet = new List<string[]>();
        while (!parser.EndOfData)
        {
            dotnet.Add(parser.ReadFields()!);
        }

        Assert.Equal(recorded.Count + 1, papa.Length);
        Assert.Equal(dotnet, papa);
        Assert.Contains(papa, r => r.Contains("Line one.\nLine two, with a comma."));
    }
}
