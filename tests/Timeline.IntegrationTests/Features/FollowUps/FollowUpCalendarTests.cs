using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Exports;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.FollowUps;

/// <summary>GET /api/follow-ups.ics, read by ical.js (tests/export-checks/parse-ics.mjs).</summary>
public sealed class FollowUpCalendarTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<string> Expect(HttpClient editor, string eventId, string description, string due)
    {
        var response = await editor.PostAsJsonAsync($"/api/events/{eventId}/follow-ups", new { description, due });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.Json())["id"]!;
    }

    private static async Task<Dictionary<string, JsonObject>> Calendar(HttpClient client)
    {
        var response = await client.GetAsync("/api/follow-ups.ics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.All(text.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"a line longer than 75 octets: {line}"));
        var parsed = JsonNode.Parse(await ExportChecks.NodeAsync("parse-ics.mjs", text))!;
        Assert.Equal("2.0", (string)parsed["version"]!);
        return parsed["events"]!.AsArray().ToDictionary(e => (string)e!["uid"]!, e => e!.AsObject());
    }

    private static JsonObject Of(Dictionary<string, JsonObject> calendar, string followUpId) =>
        calendar.Values.Single(e => ((string)e["uid"]!).Contains(followUpId, StringComparison.Ordinal));

    [Fact]
    public async Task Open_follow_ups_are_all_day_events_on_their_due_day_stable_and_sequenced_and_cancelled_ones_say_so()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var title = "White House promises imagery, with a comma; and a long title that a calendar line must fold somewhere";
        var e = await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: title));
        var id = (string)e["id"]!;
        var day = await Expect(editor, id, "Imagery released", "2024-10-30");
        var month = await Expect(editor, id, "Troops at the front", "2024-11~");
        var span = await Expect(editor, id, "Monitoring report", "2024-12-01/2024-12-15");
        var fulfilled = await Expect(editor, id, "Statement", "2024-11-02");
        var cancelled = await Expect(editor, id, "Joint exercise", "2025");
        var later = await editor.Record(Bodies.Event(Bodies.UniqueTag(), "2024-11-03"));
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/follow-ups/{fulfilled}/fulfilment", new { eventId = (string)later["id"]! })).StatusCode);

        var first = await Calendar(reader);

        Assert.Equal(4, first.Count);
        Assert.DoesNotContain(first.Keys, uid => uid.Contains(fulfilled, StringComparison.Ordinal));
        var imagery = Of(first, day);
        Assert.True((bool)imagery["allDay"]!);
        Assert.Equal("2024-10-30", (string)imagery["start"]!);
        Assert.Equal("2024-10-31", (string)imagery["end"]!);
        Assert.Equal("Imagery released", (string)imagery["summary"]!);
        Assert.Contains(title, (string)imagery["description"]!, StringComparison.Ordinal);
        Assert.EndsWith($"/api/events/{id}", (string)imagery["url"]!, StringComparison.Ordinal);
        Assert.Equal(0, (int)imagery["sequence"]!);
        Assert.Equal("2024-11-30", (string)Of(first, month)["start"]!);
        Assert.Equal("2024-12-01", (string)Of(first, month)["end"]!);
        Assert.Equal("2024-12-01", (string)Of(first, span)["start"]!);
        Assert.Equal("2024-12-16", (string)Of(first, span)["end"]!);
        Assert.Equal("2025-12-31", (string)Of(first, cancelled)["start"]!);

        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/follow-ups/{cancelled}/cancellation", new { reason = "called off" })).StatusCode);
        var second = await Calendar(reader);

        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.Equal("CANCELLED", (string)Of(second, cancelled)["status"]!);
        Assert.Equal(1, (int)Of(second, cancelled)["sequence"]!);
        Assert.Equal("CONFIRMED", (string)Of(second, day)["status"]!);
        Assert.Equal(0, (int)Of(second, day)["sequence"]!);
    }
}
