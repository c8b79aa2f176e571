using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Exports;

public sealed class NdjsonDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Each_line_is_the_event_as_get_returns_it_in_timeline_order()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var recorded = await RecordVariedEvents(editor, tag);

        var (body, response) = await Download(reader, $"/api/timeline/download?format=ndjson&tag={tag}");

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".ndjson", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = Lines(body).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(recorded.Count, lines.Count);
        foreach (var line in lines)
        {
            var got = await Get(reader, (string)line["id"]!);
            Assert.True(JsonNode.DeepEquals(got, line), $"line differs from GET:\n{line.ToJsonString()}\n{got.ToJsonString()}");
        }

        // The timeline's order: earliest, then latest.
        var earliest = lines.Select(l => (string?)l["earliest"]).ToList();
        Assert.Equal(earliest.Order(StringComparer.Ordinal), earliest);
        var (descending, _) = await Download(reader, $"/api/timeline/download?format=ndjson&tag={tag}&order=desc");
        Assert.Equal(Lines(body).Reverse(), Lines(descending));
    }

    [Fact]
    public async Task A_view_larger_than_a_page_downloads_whole_each_event_once_in_order()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        const int count = 1_234;
        var import = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var day = new DateOnly(2020, 1, 1).AddDays(i % 900);
            import.Append($$"""{ "title": "Event {{i}}", "occurred": "{{day:yyyy-MM-dd}}", "type": "statement", "actors": ["KP"], "tags": ["{{tag}}"], "sources": [{ "url": "https://example.org/{{i}}", "title": "Source {{i}}" }] }""").Append('\n');
        }

        var imported = await editor.PostAsync("/api/events/import", new StringContent(import.ToString(), Encoding.UTF8, "application/x-ndjson"));
        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

        var (body, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}");

        var lines = Lines(body).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(count, lines.Count);
        Assert.Equal(count, lines.Select(l => (string)l["id"]!).Distinct().Count());
        var keys = lines.Select(l => ((string)l["earliest"]!, (string)l["id"]!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => Guid.Parse(k.Item2)), keys);

        // The other formats stream the same pages: the CSV has a row for each, after its header.
        var (csv, _) = await Download(editor, $"/api/timeline/download?format=csv&tag={tag}");
        Assert.Equal(count + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var (timelineJs, _) = await Download(editor, $"/api/timeline/download?format=timelinejs&tag={tag}");
        Assert.Equal(count, JsonNode.Parse(timelineJs)!["events"]!.AsArray().Count);
        var (ftm, _) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");
        Assert.Equal(count + 1, Lines(ftm).Length);
    }

    [Fact]
    public async Task A_saved_timeline_downloads_as_its_filter_shows_it_named_after_its_slug()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await RecordVariedEvents(editor, tag);
        var saved = await editor.PostAsync("/api/timelines", JsonBody($$"""{ "slug": "{{tag}}", "title": "Saved", "filter": { "tag": ["{{tag}}"], "actor": ["RU"] } }"""));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);

        var (body, response) = await Download(editor, $"/api/timelines/{tag}/download?format=ndjson");
        var (view, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}&actor=RU");

        Assert.Equal($"{tag}.ndjson", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(4, Lines(body).Length);
        Assert.Equal(view, body);
    }

    [Theory]
    [InlineData("/api/timeline/download?format=xlsx", "format")]
    [InlineData("/api/timeline/download", "format")]
    [InlineData("/api/timeline/download?format=csv&from=summer-2024", "from")]
    [InlineData("/api/timeline/download?format=csv&limit=5", "limit")]
    [InlineData("/api/timeline/download?format=timelinejs&group=tag", "group")]
    [InlineData("/api/timelines/no-such-timeline/download?format=csv", null)]
    public async Task Bad_parameters_are_problems_naming_them(string path, string? field)
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync(path);
        await AssertProblem(response, field is null ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, field);
    }
}
