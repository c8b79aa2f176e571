using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.FollowUps;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

public sealed class ChangeLogTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Every_kind_of_write_appends_one_change_with_the_entity_as_its_GET_answers()
    {
        var editor = await api.As("editor");
        var start = await StartAsync(editor);
        var tag = Bodies.UniqueTag();
        var code = "C" + tag[1..8].ToUpperInvariant();

        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors", new { code, name = "A company", kind = "organisation" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines", new { slug = tag, title = "T", filter = new { tag = new[] { tag } } })).StatusCode);
        var promise = await editor.Record(Bodies.Event(tag));
        var id = (string)promise["id"]!;
        await editor.Amend(promise, new { status = "confirmed" });
        var amended = await (await editor.GetAsync($"/api/events/{id}")).Json();
        var fulfilled = (string)(await (await editor.PostAsJsonAsync($"/api/events/{id}/follow-ups", new { description = "imagery", due = "2099" })).Json())["id"]!;
        var release = (string)(await editor.Record(Bodies.Event(tag, type: "intelligence.release")))["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/follow-ups/{fulfilled}/fulfilment", new { eventId = release })).StatusCode);
        var cancelled = (string)(await (await editor.PostAsJsonAsync($"/api/events/{id}/follow-ups", new { description = "a vote", due = "2099" })).Json())["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/follow-ups/{cancelled}/cancellation", new { reason = "no longer expected" })).StatusCode);
        var overdue = (string)(await (await editor.PostAsJsonAsync($"/api/events/{id}/follow-ups", new { description = "troops", due = "2024-10-30" })).Json())["id"]!;
        var due = (string)(await (await editor.PostAsJsonAsync($"/api/events/{id}/follow-ups",
            new { description = "a statement", due = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })).Json())["id"]!;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CheckFollowUps());
        }

        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "source withdrew it" })).StatusCode);
        var line = System.Text.Json.JsonSerializer.Serialize(Bodies.Event(tag, title: "Imported"));
        var import = await editor.PostAsync("/api/events/import", new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        await api.AlertsMatchedAsync();
        var (changes, _) = await ChangeFeed.ReadAllAsync(editor, start);
        // Tests of one class run one after another on their own database: these are all this test's changes.
        var mine = changes;
        Assert.Equal(
            ["actor.recorded", "timeline.saved", "event.recorded", "event.amended", "followup.expected", "event.recorded", "followup.fulfilled",
             "followup.expected", "followup.cancelled", "followup.expected", "followup.expected", "followup.overdue", "followup.due",
             "event.retracted", "event.imported"],
            mine.Select(c => (string)c["kind"]!).ToArray());
        Assert.True(ChangeFeed.InLogOrder(changes));

        var amendment = mine.Single(c => (string)c["kind"]! == "event.amended");
        Assert.Equal(id, (string?)amendment["id"]);
        Assert.Equal(2, (int)amendment["version"]!);
        Assert.True(JsonNode.DeepEquals(amended, amendment["data"]), "an amendment's data is the event as GET answered after it");
        var tombstone = mine.Single(c => (string)c["kind"]! == "event.retracted");
        Assert.Equal("retracted", (string?)tombstone["data"]!["status"]);
        Assert.Equal("source withdrew it", (string?)tombstone["data"]!["retractionReason"]);
        Assert.Equal(3, (int)tombstone["version"]!);
        Assert.Equal(overdue, (string?)mine.Single(c => (string)c["kind"]! == "followup.overdue")["id"]);
        Assert.Equal("overdue", (string?)mine.Single(c => (string)c["kind"]! == "followup.overdue")["data"]!["status"]);
        Assert.Equal(due, (string?)mine.Single(c => (string)c["kind"]! == "followup.due")["id"]);
        var fulfilment = mine.Single(c => (string)c["kind"]! == "followup.fulfilled");
        Assert.Equal(release, (string?)fulfilment["data"]!["fulfilledBy"]);
        Assert.Equal(2, (int)fulfilment["version"]!);
        Assert.Equal(code, (string?)mine[0]["id"]);
        Assert.Equal(tag, (string?)mine[1]["id"]);
    }

    /// <summary>
    /// The end of the log once it shows every change committed so far. The log shows a change once every transaction
    /// older than it has ended, anywhere on the cluster; the matcher having passed them all says that moment has come.
    /// </summary>
    private async Task<string> StartAsync(HttpClient client)
    {
        await api.AlertsMatchedAsync();
        return (await ChangeFeed.ReadAllAsync(client)).Cursor;
    }

    [Fact]
    public async Task Pages_follow_nextCursor_types_narrow_them_and_since_starts_by_time()
    {
        var reader = await api.As("reader");
        var editor = await api.As("editor");
        var start = await StartAsync(reader);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        var tag = Bodies.UniqueTag();
        for (var i = 0; i < 5; i++)
        {
            await editor.Record(Bodies.Event(tag));
        }

        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines", new { slug = tag, title = "T", filter = new { } })).StatusCode);

        await api.AlertsMatchedAsync();
        var (paged, end) = await ChangeFeed.ReadAllAsync(reader, start, "limit=2");
        Assert.Equal(6, paged.Count);
        Assert.True(ChangeFeed.InLogOrder(paged));
        var (whole, _) = await ChangeFeed.ReadAllAsync(reader, start, "limit=1000");
        Assert.Equal(paged.Select(c => (string)c["position"]!), whole.Select(c => (string)c["position"]!));

        // Polling on from the end finds nothing new, and keeps its cursor.
        var idle = await ChangeFeed.PageAsync(reader, end);
        Assert.Empty(idle["items"]!.AsArray());
        Assert.NotNull((string?)idle["nextCursor"]);

        var (timelines, _) = await ChangeFeed.ReadAllAsync(reader, start, "types=timeline");
        Assert.Equal(tag, (string?)Assert.Single(timelines)["id"]);
        var (events, _) = await ChangeFeed.ReadAllAsync(reader, start, "types=event,followUp");
        Assert.Equal(5, events.Count);

        var since = await ChangeFeed.PageAsync(reader, null, "limit=1000&since=" + Uri.EscapeDataString(before.ToString("O")));
        Assert.Equal(paged.Select(c => (string)c["position"]!), since["items"]!.AsArray().Select(c => (string)c!["position"]!));

        foreach (var bad in new[] { "after=abc", "types=events", "since=yesterday", "limit=0", "limit=1001", $"after={end}&since=2026-01-01T00:00:00Z" })
        {
            var response = await reader.GetAsync("/api/changes?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/changes")).StatusCode);
    }

    [Fact]
    public async Task NDJSON_streams_every_change_after_the_cursor_a_line_each()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        for (var i = 0; i < 7; i++)
        {
            await editor.Record(Bodies.Event(tag));
        }

        await api.AlertsMatchedAsync();
        var (all, end) = await ChangeFeed.ReadAllAsync(editor);
        // A small page size: the stream goes on page after page to the end.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/changes?limit=3");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var response = await editor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var streamed = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(all.Select(c => c.ToJsonString()), streamed.Select(c => c.ToJsonString()));
        Assert.Equal(7, streamed.Count(c => c["data"]!.ToJsonString().Contains(tag, StringComparison.Ordinal)));

        using var fromEnd = new HttpRequestMessage(HttpMethod.Get, $"/api/changes?after={end}");
        fromEnd.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        Assert.Equal("", await (await editor.SendAsync(fromEnd)).Content.ReadAsStringAsync());
    }
}
