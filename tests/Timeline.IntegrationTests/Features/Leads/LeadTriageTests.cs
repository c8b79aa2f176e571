using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Watches;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Watches.WatchSteps;

namespace Timeline.IntegrationTests.Features.Leads;

public sealed class LeadTriageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<(JsonObject Watch, List<JsonObject> Leads)> ThreeLeads(HttpClient editor, FeedServer server, string actorName)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var url = server.Serve($"{tag}.atom", new ServedDocument(Feeds.Atom(
            ($"urn:{tag}:1", "Troops board ships at Wonsan", $"<p>The {actorName} moved a brigade.</p>", "2024-10-20T08:00:00Z"),
            ($"urn:{tag}:2", "Satellite images of the port", "<p>Ships seen at the pier.</p>", "2024-10-21T08:00:00Z"),
            ($"urn:{tag}:3", "A duplicate notice", "<p>Nothing new.</p>", "2024-10-22T08:00:00Z")), "application/atom+xml"));
        var watch = await CreateWatch(editor, url, name: "Port watchers", reliability: "C");
        AssertCounts(await Check(editor, watch), @new: 3, changed: 0, unchanged: 0, skipped: 0);
        return (watch, await LeadsOf(editor, watch));
    }

    [Fact]
    public async Task A_lead_accepted_becomes_an_event_filled_from_it_another_attached_to_it_a_third_dismissed_each_once_and_in_the_change_log()
    {
        var editor = await api.As("editor");
        var corps = await RecordActor(editor, "Korean People's Army Eleventh Corps");
        await using var server = await FeedServer.StartAsync();
        var (watch, leads) = await ThreeLeads(editor, server, "Korean People's Army Eleventh Corps");
        var troops = leads.Single(l => ((string)l["itemId"]!).EndsWith(":1", StringComparison.Ordinal));
        Assert.Equal([corps], troops["actors"]!.AsArray().Select(a => (string)a!));

        var missing = await editor.PostAsJsonAsync($"/api/leads/{troops["id"]}/acceptance", new { type = "military.deployment" });
        await HttpSteps.AssertProblem(missing, HttpStatusCode.BadRequest, "occurred");
        var accepted = await editor.PostAsJsonAsync($"/api/leads/{troops["id"]}/acceptance", new { occurred = "2024-10-19~", type = "military.deployment" });
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        var e = await accepted.Json();
        Assert.Equal(("Troops board ships at Wonsan", "2024-10-19~", "military.deployment"), ((string)e["title"]!, (string)e["occurred"]!, (string)e["type"]!));
        Assert.Equal([corps], e["actors"]!.AsArray().Select(a => (string)a!));
        var source = e["sources"]![0]!;
        Assert.Equal(((string)troops["url"]!, "Troops board ships at Wonsan", "Port watchers", "2024-10-20", "C"),
            ((string)source["url"]!, (string)source["title"]!, (string)source["publisher"]!, (string)source["published"]!, (string)source["reliability"]!));
        var lead = await (await editor.GetAsync($"/api/leads/{troops["id"]}")).Json();
        Assert.Equal(("accepted", (string)e["id"]!), ((string)lead["status"]!, (string)lead["eventId"]!));
        var again = await editor.PostAsJsonAsync($"/api/leads/{troops["id"]}/acceptance", new { occurred = "2024-10-19", type = "military.deployment" });
        await HttpSteps.AssertProblem(again, HttpStatusCode.Conflict);

        var images = leads.Single(l => ((string)l["itemId"]!).EndsWith(":2", StringComparison.Ordinal));
        var attached = await editor.PostAsJsonAsync($"/api/leads/{images["id"]}/attachment", new { eventId = e["id"] });
        Assert.True(attached.StatusCode == HttpStatusCode.OK, await attached.Content.ReadAsStringAsync());
        var attachedLead = await attached.Json();
        Assert.Equal(("attached", (string)e["id"]!), ((string)attachedLead["status"]!, (string)attachedLead["eventId"]!));
        var amended = await (await editor.GetAsync($"/api/events/{e["id"]}")).Json();
        Assert.Equal(2, (int)amended["version"]!);
        Assert.Equal([(string)troops["url"]!, (string)images["url"]!], amended["sources"]!.AsArray().Select(s => (string)s!["url"]!));
        Assert.Equal(2, (await (await editor.GetAsync($"/api/events/{e["id"]}/revisions")).JsonArray()).Count);

        var notice = leads.Single(l => ((string)l["itemId"]!).EndsWith(":3", StringComparison.Ordinal));
        await HttpSteps.AssertProblem(await editor.PostAsJsonAsync($"/api/leads/{notice["id"]}/dismissal", new { reason = "" }), HttpStatusCode.BadRequest, "reason");
        var dismissed = await editor.PostAsJsonAsync($"/api/leads/{notice["id"]}/dismissal", new { reason = "repeats the first notice" });
        var dismissedLead = await dismissed.Json();
        Assert.Equal(("dismissed", "repeats the first notice"), ((string)dismissedLead["status"]!, (string)dismissedLead["reason"]!));
        await HttpSteps.AssertProblem(await editor.PostAsJsonAsync($"/api/leads/{notice["id"]}/attachment", new { eventId = e["id"] }), HttpStatusCode.Conflict);

        Assert.Equal(["dismissed"], (await LeadsOf(editor, watch, "&status=dismissed")).Select(l => (string)l["status"]!));
        Assert.Equal([(string)troops["id"]!], (await LeadsOf(editor, watch, $"&actor={corps}")).Select(l => (string)l["id"]!));
        Assert.Equal([(string)images["id"]!], (await LeadsOf(editor, watch, "&q=satellite%20pier")).Select(l => (string)l["id"]!));

        // The log shows a change once no older transaction in the cluster is still open: another test's may be.
        List<(string, string)> changes = [];
        await Wait.Eventually(async () =>
        {
            changes = (await (await editor.GetAsync("/api/changes?types=lead&limit=500")).Json())["items"]!.AsArray()
                .Where(c => (string)c!["data"]!["watchId"]! == (string)watch["id"]!).Select(c => ((string)c!["kind"]!, (string)c["id"]!)).ToList();
            return changes.Any(c => c.Item1 == "lead.dismissed");
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
        Assert.Equal(3, changes.Count(c => c.Item1 == "lead.found"));
        Assert.Contains(("lead.accepted", (string)troops["id"]!), changes);
        Assert.Contains(("lead.attached", (string)images["id"]!), changes);
        Assert.Contains(("lead.dismissed", (string)notice["id"]!), changes);
    }

    [Fact]
    public async Task Leads_are_paged_newest_first_without_repeats()
    {
        var editor = await api.As("editor");
        await using var server = await FeedServer.StartAsync();
        var (watch, all) = await ThreeLeads(editor, server, "nobody");
        var first = await (await editor.GetAsync($"/api/leads?watch={watch["id"]}&limit=2")).Json();
        var second = await (await editor.GetAsync($"/api/leads?watch={watch["id"]}&limit=2&cursor={first["nextCursor"]}")).Json();
        var paged = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(l => (string)l!["id"]!).ToList();
        Assert.Equal(all.Select(l => (string)l["id"]!), paged);
        Assert.Null(second["nextCursor"]);
        await HttpSteps.AssertProblem(await editor.GetAsync("/api/leads?status=open"), HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task A_subscription_for_lead_found_hears_of_leads_naming_its_actor_and_others_do_not()
    {
        var editor = await api.As("editor");
        var followed = await RecordActor(editor, "Second Economic Committee");
        var bySub = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "leads", filter = new { actor = new[] { followed } }, kinds = new[] { "lead.found" } });
        var subscription = (string)(await bySub.Json())["id"]!;
        var eventsOnly = (string)(await (await editor.PostAsJsonAsync("/api/subscriptions", new { name = "events", filter = new { actor = new[] { followed } } })).Json())["id"]!;
        // A tag describes events, not leads: for a lead it is not considered, so this one hears of every lead.
        var byTag = (string)(await (await editor.PostAsJsonAsync("/api/subscriptions",
            new { name = "tagged", filter = new { tag = new[] { "ports" } }, kinds = new[] { "event.recorded", "lead.found" } })).Json())["id"]!;
        var byWords = (string)(await (await editor.PostAsJsonAsync("/api/subscriptions",
            new { name = "words", filter = new { q = "satellite pier" }, kinds = new[] { "lead.found" } })).Json())["id"]!;
        await using var server = await FeedServer.StartAsync();
        await ThreeLeads(editor, server, "Second Economic Committee");
        await api.AlertsMatchedAsync();

        var found = await Wait.Eventually(async () =>
            (await (await editor.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        Assert.True(found, "no lead.found alert");
        var alerts = (await (await editor.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!.AsArray();
        var alert = Assert.Single(alerts)!;
        Assert.Equal("lead.found", (string)alert["kind"]!);
        Assert.Equal("Troops board ships at Wonsan", (string)alert["data"]!["lead"]!["title"]!);
        Assert.Empty((await (await editor.GetAsync($"/api/alerts?subscription={eventsOnly}")).Json())["items"]!.AsArray());
        var everyLead = await Wait.Eventually(async () =>
            (await (await editor.GetAsync($"/api/alerts?subscription={byTag}")).Json())["items"]!.AsArray().Count == 3,
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        Assert.True(everyLead, "the tag subscription did not hear of the three leads");
        var worded = Assert.Single((await (await editor.GetAsync($"/api/alerts?subscription={byWords}")).Json())["items"]!.AsArray())!;
        Assert.Equal("Satellite images of the port", (string)worded["data"]!["lead"]!["title"]!);
    }
}
