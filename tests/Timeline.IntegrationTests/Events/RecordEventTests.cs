using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Events;

public sealed class RecordEventTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Recording_an_event_answers_201_with_location_etag_and_derived_dates()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag(), occurred: "2024-06~"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        Assert.Equal($"/api/events/{body["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("2024-06-01", (string?)body["earliest"]);
        Assert.Equal("2024-06-30", (string?)body["latest"]);
        Assert.Equal("month", (string?)body["precision"]);
        Assert.True((bool)body["approximate"]!);
        Assert.Equal("editor-key", (string?)body["recordedBy"]);

        var read = await editor.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
    }
}
