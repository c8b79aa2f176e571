using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts;

public sealed class AlertTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonArray> AlertsAsync(Guid subscription, string query = "limit=100")
    {
        await api.AlertsMatchedAsync();
        var editor = await api.As("editor");
        return (await (await editor.GetAsync($"/api/alerts?subscription={subscription}&{query}")).Json())["items"]!.AsArray();
    }

    [Fact]
    public async Task Recording_amending_and_retracting_a_matching_event_each_raise_one_alert_and_others_raise_none()
    {
        var tag = Bodies.UniqueTag();
        var subscription = (Guid)(await (await api.As("editor")).Subscribe(new { name = "s " + tag, filter = new { tag = new[] { tag }, type = new[] { "military.*" } } }))["id"]!;
        var editor = await api.As("editor");

        var matching = await editor.Record(Bodies.Event(tag, type: "military.supply"));
        await editor.Record(Bodies.Event(tag, type: "statement"));          // other type
        await editor.Record(Bodies.Event(Bodies.UniqueTag()));             // other tag
        var id = (string)matching["id"]!;
        await editor.Amend(matching, new { title = "Shells shipped" });
        await editor.PostAsJsonAsync($"/api/events/{id}/retraction", new { reason = "misread source" });

        var alerts = await AlertsAsync(subscription);
        Assert.Equal(["event.retracted", "event.amended", "event.recorded"], alerts.Select(a => (string)a!["kind"]!).ToArray());
        Assert.All(alerts, a => Assert.Equal(id, (string?)a!["eventId"]));
        Assert.Equal("Shells shipped", (string?)alerts[1]!["data"]!["event"]!["title"]);
        Assert.Equal("retracted", (string?)alerts[0]!["data"]!["event"]!["status"]);
        Assert.True((long)alerts[0]!["id"]! > (long)alerts[1]!["id"]!, "newest first");
    }

    [Fact]
    public async Task Alerts_page_newest_first_through_the_cursor()
    {
        var tag = Bodies.UniqueTag();
        var subscription = (Guid)(await (await api.As("editor")).Subscribe(new { name = "p " + tag, filter = new { tag = new[] { tag } }, kinds = new[] { "event.recorded" } }))["id"]!;
        var editor = await api.As("editor");
        for (var i = 0; i < 5; i++)
        {
            await editor.Record(Bodies.Event(tag));
        }

        await api.AlertsMatchedAsync();
        var reader = await api.As("editor");
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await reader.GetAsync($"/api/alerts?subscription={subscription}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).Json();
            seen.AddRange(page["items"]!.AsArray().Select(a => (long)a!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.OrderByDescending(x => x), seen);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/alerts?cursor=abc")).StatusCode);
    }

    [Fact]
    public async Task A_subscription_to_a_saved_timeline_follows_its_filter()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        (await editor.PostAsJsonAsync("/api/timelines", new { slug = tag, title = "T", filter = new { tag = new[] { tag }, actor = new[] { "UA" } } })).EnsureSuccessStatusCode();
        var subscription = (Guid)(await (await api.As("editor")).Subscribe(new { name = "t " + tag, timeline = tag }))["id"]!;

        await editor.Record(Bodies.Event(tag, actors: ["UA", "RU"]));
        await editor.Record(Bodies.Event(tag, actors: ["KP"]));

        var alert = Assert.Single(await AlertsAsync(subscription));
        Assert.Contains("UA", alert!["data"]!["event"]!["actors"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task The_webhook_secret_is_shown_once_and_a_subscription_needs_a_filter_or_a_timeline()
    {
        var created = await (await api.As("editor")).Subscribe(new { name = "w", filter = new { actor = new[] { "KP" } }, webhookUrl = "http://127.0.0.1:9/hook" });
        Assert.StartsWith("whsec_", (string?)created["secret"], StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(((string)created["secret"]!)["whsec_".Length..]).Length);

        var editor = await api.As("editor");
        var listed = await (await editor.GetAsync("/api/subscriptions")).Content.ReadAsStringAsync();
        Assert.Contains((string)created["id"]!, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", listed, StringComparison.Ordinal);

        var neither = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "n" });
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.NotNull((await neither.Json())["errors"]!["filter"]);
        var badKind = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "k", filter = new { }, kinds = new[] { "event.deleted" } });
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var noTimeline = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "k", timeline = "no-such-timeline" });
        Assert.Equal(HttpStatusCode.BadRequest, noTimeline.StatusCode);

        var reader = await api.As("reader");
        // Another key's subscriptions are not there for it.
        var readersOwn = await reader.GetAsync("/api/subscriptions");
        Assert.Equal(HttpStatusCode.OK, readersOwn.StatusCode);
        Assert.DoesNotContain((string)created["id"]!, await readersOwn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.DeleteAsync($"/api/subscriptions/{created["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/subscriptions/{created["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.DeleteAsync($"/api/subscriptions/{created["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Recording_an_event_that_fulfils_a_follow_up_closes_it_and_raises_followup_fulfilled()
    {
        var tag = Bodies.UniqueTag();
        var subscription = (Guid)(await (await api.As("editor")).Subscribe(new { name = "f " + tag, filter = new { tag = new[] { tag } }, kinds = new[] { "followup.fulfilled" } }))["id"]!;
        var editor = await api.As("editor");
        var promise = (string)(await editor.Record(Bodies.Event(tag)))["id"]!;
        var followUp = (string)(await (await editor.PostAsJsonAsync($"/api/events/{promise}/follow-ups", new { description = "imagery", due = "2099" })).Json())["id"]!;

        var body = Bodies.Event(tag, type: "intelligence.release");
        body["fulfils"] = new[] { followUp };
        var eventId = (string)(await editor.Record(body))["id"]!;

        var closed = await (await editor.GetAsync($"/api/follow-ups/{followUp}")).Json();
        Assert.Equal("fulfilled", (string?)closed["status"]);
        Assert.Equal(eventId, (string?)closed["fulfilledBy"]);
        var alert = Assert.Single(await AlertsAsync(subscription));
        Assert.Equal(followUp, (string?)alert!["followUpId"]);

        var unknown = Bodies.Event(tag);
        unknown["fulfils"] = new[] { Guid.NewGuid() };
        var refused = await editor.PostAsJsonAsync("/api/events", unknown);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.Json())["errors"]!["fulfils"]);
    }
}
