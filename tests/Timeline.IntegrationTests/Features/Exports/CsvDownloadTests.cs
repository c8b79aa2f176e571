using System.Text;
using System.Text.Json.Nodes;
using Microsoft.VisualBasic.FileIO;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Exports;

public sealed class CsvDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Header =
    [
        "event_id", "event_date", "year", "time_precision", "earliest", "latest", "event_type", "title", "actors", "status",
        "credibility", "sources", "notes", "tags", "sanction_authority", "sanction_program", "timestamp",
        "latitude", "longitude", "geo_precision",
    ];

    /// <summary>Parsed by .NET's own RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes).</summary>
    private static List<string[]> Parse(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    [Fact]
    public async Task Rows_parse_back_to_the_events_with_acled_precision_beside_the_edtf_text()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var recorded = (await RecordVariedEvents(editor, tag)).ToDictionary(e => (string)e["id"]!);

        var response = await editor.GetAsync($"/api/timeline/download?format=csv&tag={tag}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        Assert.Contains("Голосование", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        var rows = Parse(text);
        Assert.Equal(Header, rows[0]);
        Assert.Equal(recorded.Count, rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var cell = Header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => row[x.i]);
            var e = recorded[cell["event_id"]];
            Assert.Equal((string)e["occurred"]!, cell["event_date"]);
            Assert.Equal((string?)e["earliest"] ?? "", cell["earliest"]);
            Assert.Equal((string?)e["latest"] ?? "", cell["latest"]);
            Assert.Equal(((string)e["earliest"]!)[..4], cell["year"]);
            var precision = (string)e["precision"]!;
            Assert.Equal(precision switch { "day" => "1", "month" => "2", "year" => "3", _ => "?" }, cell["time_precision"]);
            Assert.Equal((string)e["type"]!, cell["event_type"]);
            Assert.Equal(string.Join("; ", e["actors"]!.AsArray().Select(a => (string)a!)), cell["actors"]);
            Assert.Equal((string)e["status"]!, cell["status"]);
            Assert.Equal(e["credibility"] is JsonValue c ? c.ToString() : "", cell["credibility"]);
            Assert.Contains((string)e["sources"]![0]!["url"]!, cell["sources"], StringComparison.Ordinal);
            Assert.Contains((string)e["sources"]![0]!["publisher"]!, cell["sources"], StringComparison.Ordinal);

            // A cell a spreadsheet would run as a formula starts with an apostrophe; the rest is the text as recorded.
            foreach (var (column, member) in new[] { ("title", "title"), ("notes", "summary") })
            {
                var recordedText = (string)e[member]!;
                var formula = recordedText.Length > 0 && "=+-@\t\r".Contains(recordedText[0], StringComparison.Ordinal);
                Assert.Equal(formula ? "'" + recordedText : recordedText, cell[column]);
            }
        }

        Assert.Contains(rows, r => r[7].StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[12] == "Line one.\nLine two, with a comma.");
    }

    /// <summary>A parser reading <paramref name="bytes"/> as UTF-8, told of a byte-order mark (it takes the mark as the encoding) or not (the mark would be text).</summary>
    private static List<string[]> ParseBytes(byte[] bytes, bool toldOfTheMark)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: toldOfTheMark);
        return Parse(reader.ReadToEnd());
    }

    [Fact]
    public async Task A_download_starts_with_a_byte_order_mark_so_names_read_as_written_and_bom_false_leaves_it_out()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var title = "Шойгу meets 최선희 and 金正恩";
        await editor.Record(Bodies.Event(tag, "2024-06-19", title: title));

        var marked = await (await editor.GetAsync($"/api/timeline/download?format=csv&tag={tag}")).Content.ReadAsByteArrayAsync();
        var plain = await (await editor.GetAsync($"/api/timeline/download?format=csv&tag={tag}&bom=false")).Content.ReadAsByteArrayAsync();

        Assert.Equal([0xEF, 0xBB, 0xBF], marked[..3]);
        Assert.Equal(marked[3..], plain);
        var told = ParseBytes(marked, toldOfTheMark: true);
        Assert.Equal(Header, told[0]);
        Assert.Equal(title, told[1][7]);
        var notTold = ParseBytes(plain, toldOfTheMark: false);
        Assert.Equal(Header, notTold[0]);
        Assert.Equal(title, notTold[1][7]);
        // The mark is what a reader not told of it would see as text before the first column's name.
        Assert.Equal("\uFEFFevent_id", ParseBytes(marked, toldOfTheMark: false)[0][0]);
    }

    [Fact]
    public async Task A_bom_other_than_true_or_false_is_a_400_naming_it()
    {
        var response = await (await api.As("reader")).GetAsync("/api/timeline/download?format=csv&bom=yes");

        await Timeline.IntegrationTests.Support.HttpSteps.AssertProblem(response, System.Net.HttpStatusCode.BadRequest, "bom");
    }
}
