using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Exports;

public sealed class TimelineJsDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Each_event_is_a_slide_dated_to_its_precision_and_written_as_people_write_it()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var recorded = (await RecordVariedEvents(editor, tag)).ToDictionary(e => "event-" + (string)e["id"]!);

        var (body, response) = await Download(editor, $"/api/timeline/download?format=timelinejs&tag={tag}");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".timeline.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var slides = JsonNode.Parse(body)!["events"]!.AsArray();
        Assert.Equal(recorded.Count, slides.Count);
        Assert.Equal(recorded.Keys.Order(), slides.Select(s => (string)s!["unique_id"]!).Order());
        var byDate = slides.ToDictionary(s => (string)recorded[(string)s!["unique_id"]!]["occurred"]!, s => s!.AsObject());

        Assert.Equal("""{"year":2024,"month":10,"day":23}""", byDate["2024-10-23"]["start_date"]!.ToJsonString());
        Assert.Null(byDate["2024-10-23"]["end_date"]);
        Assert.Equal("23 Oct 2024", (string)byDate["2024-10-23"]["display_date"]!);
        Assert.Equal("""{"year":2024,"month":6}""", byDate["2024-06"]["start_date"]!.ToJsonString());
        Assert.Null(byDate["2024-06"]["end_date"]);
        Assert.Equal("June 2024", (string)byDate["2024-06"]["display_date"]!);
        Assert.Equal("""{"year":2022}""", byDate["2022"]["start_date"]!.ToJsonString());
        Assert.Equal("""{"year":2024,"month":10,"day":20}""", byDate["2024-10-14/2024-10-20"]["end_date"]!.ToJsonString());
        Assert.Equal("14–20 Oct 2024", (string)byDate["2024-10-14/2024-10-20"]["display_date"]!);
        Assert.Equal("c. Oct 2024", (string)byDate["2024-10~"]["display_date"]!);

        foreach (var slide in slides)
        {
            var e = recorded[(string)slide!["unique_id"]!];
            Assert.Equal((string)e["type"]!, (string)slide["group"]!);
            var text = (string)slide["text"]!["text"]!;
            Assert.Contains((string)e["sources"]![0]!["url"]!, text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&quot;", (string)byDate["2024-06"]["text"]!["headline"]!, StringComparison.Ordinal);

        var (byActor, _) = await Download(editor, $"/api/timeline/download?format=timelinejs&tag={tag}&group=actor");
        Assert.All(JsonNode.Parse(byActor)!["events"]!.AsArray(), s =>
            Assert.Equal((string)recorded[(string)s!["unique_id"]!]["actors"]![0]!, (string)s["group"]!));
    }
}
