using System.Net;
using System.Text;
using Microsoft.VisualBasic.FileIO;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;

namespace Timeline.IntegrationTests.Features.Measures;

public sealed class MeasureDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static List<string[]> Parse(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var parser = new TextFieldParser(reader) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    [Fact]
    public async Task A_measures_claims_download_as_csv_one_row_each_read_back_by_a_csv_parser()
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);
        var whiteHouse = await RecordClaim(editor, code, WhiteHouse());
        var repeat = await RecordClaim(editor, code, new
        {
            qualifier = "range", low = 3000, high = 12000, asOf = "2024-11", period = "2024-10/2024-11", derivedFrom = (string)whiteHouse["id"]!,
            source = new { url = "https://outlet.example/a,b", title = "An outlet, quoting \"officials\"", publisher = "Outlet, Inc.", reliability = "D" },
        });

        var response = await editor.GetAsync($"/api/measures/{code}/download?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var rows = Parse(bytes);
        Assert.Equal(["measure", "value", "low", "high", "qualifier", "as_of", "period", "source_url", "publisher", "reliability", "derived_from",
            "recorded_at"], rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal([code, "3000", "", "", "at-least", "2024-10-23", "",
            "https://www.whitehouse.gov/briefing-room/press-briefings/2024/10/23/", "The White House", "B", ""], rows[1][..11]);
        Assert.Equal([code, "", "3000", "12000", "range", "2024-11", "2024-10/2024-11", "https://outlet.example/a,b", "Outlet, Inc.", "D",
            (string)whiteHouse["id"]!], rows[2][..11]);
        Assert.Equal(DateTimeOffset.Parse((string)repeat["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(rows[2][11], System.Globalization.CultureInfo.InvariantCulture));

        var plain = await (await editor.GetAsync($"/api/measures/{code}/download?format=csv&bom=false")).Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'m', plain[0]);
        await AssertProblem(await editor.GetAsync($"/api/measures/{code}/download?format=xlsx"), HttpStatusCode.BadRequest, "format");
        await AssertProblem(await editor.GetAsync($"/api/measures/{code}/download?format=csv&bom=maybe"), HttpStatusCode.BadRequest, "bom");
    }
}
