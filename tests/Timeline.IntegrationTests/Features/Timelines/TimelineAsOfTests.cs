using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public sealed class TimelineAsOfTests(ClockedApiFixture api) : IClassFixture<ClockedApiFixture>
{
    private static string Instant(DateTimeOffset t) =>
        TimelineClient.Q(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    /// <summary>An instant between the writes before it and those after it: the app's clock moves on each time it is read.</summary>
    private DateTimeOffset Moment() => api.Clock.GetUtcNow();

    [Fact]
    public async Task AsOf_shows_the_timeline_as_it_was_recorded_at_an_instant()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var reader = await api.As("reader");

        var beforeRecording = Moment();
        var recorded = await editor.Record(tag, "2024-10~", title: "Ukraine says DPRK troops are in Russia", status: "reported");
        var afterRecording = Moment();
        var amended = await editor.Amend(recorded, new { title = "US confirms DPRK troops in Russia", status = "confirmed" });
        var afterAmending = Moment();
        var retraction = await editor.PostAsJsonAsync($"/api/events/{recorded.Id()}/retraction", new { reason = "the source withdrew it" });
        Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);

        var now = await reader.Timeline($"tag={tag}");
        var current = Assert.Single(now.Items);
        Assert.Equal("US confirms DPRK troops in Russia", (string?)current["title"]);
        Assert.Equal("retracted", (string?)current["status"]);

        var first = Assert.Single((await reader.Timeline($"tag={tag}&asOf={Instant(afterRecording)}")).Items);
        Assert.Equal(recorded.Id(), first.Id());
        Assert.Equal("Ukraine says DPRK troops are in Russia", (string?)first["title"]);
        Assert.Equal("reported", (string?)first["status"]);
        Assert.Equal(1, (int)first["version"]!);

        var second = Assert.Single((await reader.Timeline($"tag={tag}&asOf={Instant(afterAmending)}")).Items);
        Assert.Equal("US confirms DPRK troops in Russia", (string?)second["title"]);
        Assert.Equal("confirmed", (string?)second["status"]);
        Assert.Equal((int)amended["version"]!, (int)second["version"]!);

        Assert.Empty((await reader.Timeline($"tag={tag}&asOf={Instant(beforeRecording)}")).Items);
    }

    [Fact]
    public async Task AsOf_applies_the_filters_to_the_event_as_it_was()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var reader = await api.As("reader");

        var recorded = await editor.Record(tag, "2024-10~", type: "military.deployment", title: "Claims of troops", status: "reported");
        var before = Moment();
        await editor.Amend(recorded, new { type = "statement", occurred = "2025-01-05", status = "disputed", title = "Statement on troops" });

        Assert.Single((await reader.Timeline($"tag={tag}&asOf={Instant(before)}&status=reported&type=military.*&from=2024-10&to=2024-10&match=within&q=claims")).Items);
        Assert.Empty((await reader.Timeline($"tag={tag}&asOf={Instant(before)}&status=disputed")).Items);
        Assert.Empty((await reader.Timeline($"tag={tag}&status=reported")).Items);
        Assert.Single((await reader.Timeline($"tag={tag}&status=disputed&type=statement&from=2025")).Items);
    }

    [Fact]
    public async Task AsOf_pages_with_a_cursor_like_the_current_timeline()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var events = new List<JsonObject>();
        for (var day = 1; day <= 5; day++)
        {
            events.Add(await editor.Record(tag, $"2024-10-{day:00}", title: $"day {day}"));
        }

        var instant = Moment();
        await editor.Record(tag, "2024-10-03", title: "later");
        foreach (var e in events)
        {
            await editor.Amend(e, new { title = "amended" });
        }

        var paged = await reader.AllPages($"/api/timeline?tag={tag}&asOf={Instant(instant)}", 2);
        Assert.Equal(events.Ids(), paged.Ids());
        Assert.Equal(["day 1", "day 2", "day 3", "day 4", "day 5"], paged.Titles());
    }

    [Fact]
    public async Task AsOf_must_be_an_RFC_3339_instant()
    {
        var reader = await api.As("reader");
        foreach (var bad in new[] { "yesterday", "2024-10-23", "2024-10-23T12:00:00" })
        {
            var response = await reader.GetAsync($"/api/timeline?asOf={TimelineClient.Q(bad)}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"asOf={bad} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var ok = await reader.GetAsync($"/api/timeline?asOf={TimelineClient.Q("2024-10-23T12:00:00+02:00")}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
