using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>A value repeated in an error message is cut to 100 characters: a rejected megabyte is not sent back.</summary>
public sealed class EchoedValueTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Cut = 100;
    private static readonly string Huge = new('q', 200_000);

    /// <summary>The longest run of the huge value's character in the text: what of it was echoed.</summary>
    private static int LongestEcho(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, "q+").Select(m => m.Length).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData("tag")]
    [InlineData("url")]
    [InlineData("actor")]
    [InlineData("occurred")]
    public async Task A_rejected_import_line_echoes_at_most_100_characters_of_a_value(string member)
    {
        var editor = await api.As("editor");
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Bodies.Event(Bodies.UniqueTag()))!.AsObject();
        switch (member)
        {
            case "tag": body["tags"] = new JsonArray($"not a tag {Huge}"); break;
            case "url": body["sources"]![0]!["url"] = $"ftp://{Huge}"; break;
            case "actor": body["actors"] = new JsonArray($"x{Huge}"); break;
            case "occurred": body["occurred"] = $"2024-{Huge}"; break;
        }

        var response = await editor.PostAsync("/api/events/import", new StringContent(body.ToJsonString() + "\n", Encoding.UTF8, "application/x-ndjson"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text[..Math.Min(text.Length, 500)]);
        Assert.InRange(LongestEcho(text), 0, Cut);
        Assert.True(text.Length < 5_000, $"the answer is {text.Length} characters long");
    }

    [Fact]
    public async Task A_rejected_csv_date_and_an_unknown_column_echo_at_most_100_characters()
    {
        var editor = await api.As("editor");
        var rows = $"title,occurred,type,actors,source_url,source_title,source_published\nT,2024,statement,KP,https://example.org/,S,{Huge}\n";

        var rejected = await editor.PostAsync("/api/events/import", new StringContent(rows, Encoding.UTF8, "text/csv"));
        var header = await editor.PostAsync("/api/events/import", new StringContent($"title,{Huge}\nT,x\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.InRange(LongestEcho(await rejected.Content.ReadAsStringAsync()), 1, Cut);
        await AssertProblem(header, HttpStatusCode.BadRequest, "header");
        Assert.InRange(LongestEcho(await header.Content.ReadAsStringAsync()), 1, Cut);
    }

    [Fact]
    public async Task A_rejected_event_echoes_at_most_100_characters_of_a_value()
    {
        var editor = await api.As("editor");
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Bodies.Event(Bodies.UniqueTag()))!.AsObject();
        body["sources"]![0]!["url"] = $"not a url {new string('q', 1_500)}";

        var response = await editor.PostAsync("/api/events", JsonBody(body.ToJsonString()));

        await AssertProblem(response, HttpStatusCode.BadRequest, "sources[0].url", "…");
        Assert.Equal(Cut - "not a url ".Length, LongestEcho(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_unknown_timeline_echoes_at_most_100_characters_of_its_slug()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/timelines/{new string('q', 2_000)}");

        await AssertProblem(response, HttpStatusCode.NotFound);
        Assert.InRange(LongestEcho(await response.Content.ReadAsStringAsync()), 1, Cut);
    }
}
