using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Watches.WatchSteps;

namespace Timeline.IntegrationTests.Features.Watches;

public sealed class WatchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Atom = "application/atom+xml";

    [Fact]
    public async Task An_atom_feed_becomes_leads_once_each_an_edited_item_is_marked_changed_and_an_unchanged_source_is_not_fetched_again()
    {
        var editor = await api.As("editor");
        var munitions = await RecordActor(editor, "Munitions Industry Department", ["Korea Munitions Industry Department"]);
        await using var server = await FeedServer.StartAsync();
        (string, string, string, string) shells = ("urn:monitor:1", "Artillery shells cross the border",
            "<p>Rail cars loaded with <b>shells</b> were seen near Tumangang.</p><script>document.title='owned'</script>", "2024-10-22T08:00:00Z");
        (string, string, string, string) officials = ("urn:monitor:2", "Treasury designates officials",
            "<p>The officials work for the Korea Munitions Industry Department, which runs the arms trade.</p>", "2024-10-23T08:00:00Z");
        (string, string, string, string) vacancy = ("urn:monitor:3", "Vacancy: research assistant", "<p>Apply by Friday.</p>", "2024-10-23T09:00:00Z");
        var url = server.Serve("monitor.atom", new ServedDocument(Feeds.Atom(shells, officials, vacancy), Atom));
        var watch = await CreateWatch(editor, url, exclude: ["vacancy"]);
        Assert.Null(watch["lastCheckedAt"]);

        AssertCounts(await Check(editor, watch), @new: 2, changed: 0, unchanged: 0, skipped: 1);
        var leads = await LeadsOf(editor, watch);
        Assert.Equal(2, leads.Count);
        // Newest first: leads found in one check are listed in the feed's order.
        Assert.Equal(["urn:monitor:1", "urn:monitor:2"], leads.Select(l => (string)l["itemId"]!));
        var named = leads.Single(l => (string)l["itemId"]! == "urn:monitor:2");
        Assert.Equal([munitions], named["actors"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("new", (string)named["status"]!);
        Assert.Equal("2024-10-23", (string)named["published"]!);
        Assert.Equal("https://monitor.example.org/urn%3Amonitor%3A2", (string)named["url"]!);
        var shellsLead = leads.Single(l => (string)l["itemId"]! == "urn:monitor:1");
        Assert.Equal("Rail cars loaded with shells were seen near Tumangang.", (string)shellsLead["text"]!);
        Assert.Empty(shellsLead["actors"]!.AsArray());

        // Checked again: nothing new.
        AssertCounts(await Check(editor, watch), @new: 0, changed: 0, unchanged: 2, skipped: 1);
        Assert.Equal(2, (await LeadsOf(editor, watch)).Count);

        // The source edits an item: its lead is marked changed and keeps what it said before.
        (string, string, string, string) corrected = officials with { Item3 = "<p>Three officials of the Korea Munitions Industry Department are designated.</p>" };
        server.Serve("monitor.atom", new ServedDocument(Feeds.Atom(shells, corrected, vacancy), Atom, ETag: "\"v2\""));
        AssertCounts(await Check(editor, watch), @new: 0, changed: 1, unchanged: 1, skipped: 1);
        var changed = await (await editor.GetAsync($"/api/leads/{named["id"]}")).Json();
        Assert.True((bool)changed["changed"]!);
        Assert.Equal("Three officials of the Korea Munitions Industry Department are designated.", (string)changed["text"]!);
        var previous = changed["previous"]!.AsArray().Single()!;
        Assert.Equal("The officials work for the Korea Munitions Industry Department, which runs the arms trade.", (string)previous["text"]!);
        Assert.Equal("Treasury designates officials", (string)previous["title"]!);

        // The source answers 304 to the conditional GET: nothing is fetched again, nothing recorded.
        var sent = server.Sent["monitor.atom"];
        AssertCounts(await Check(editor, watch), @new: 0, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal(sent, server.Sent["monitor.atom"]);
        Assert.Equal(1, server.NotModified["monitor.atom"]);
        Assert.Contains("not modified", (string)(await Watch(editor, watch))["lastStatus"]!);

        // The source goes down: the watch says so, and its next check is later than its usual interval, not sooner.
        await server.StopAsync();
        var before = DateTimeOffset.UtcNow;
        await Check(editor, watch);
        var down = await Watch(editor, watch);
        Assert.StartsWith("failed (1 in a row): the source could not be reached", (string)down["lastStatus"]!);
        Assert.True((DateTimeOffset)down["nextCheckAt"]! >= before.AddMinutes(29), $"the next check after a failure is at least twice every away: {down}");
        await Check(editor, watch);
        var still = await Watch(editor, watch);
        Assert.StartsWith("failed (2 in a row)", (string)still["lastStatus"]!);
        Assert.True((DateTimeOffset)still["nextCheckAt"]! > ((DateTimeOffset)down["nextCheckAt"]!).AddMinutes(20), $"each failure waits longer: {still}");
        var metrics = await (await api.Admin.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("timeline_watch_checks_seconds_count{", StringComparison.Ordinal)
            && l.Contains("outcome=\"failed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_government_recent_actions_page_a_json_feed_and_an_ftm_delta_are_told_apart_by_their_content()
    {
        var editor = await api.As("editor");
        var bureau = await RecordActor(editor, "Reconnaissance General Bureau", ["RGB"]);
        var vessel = await RecordActor(editor, "Chon Ma San", identifiers: new { imo = "9179842" }, kind: "vessel");
        var recorded = await RecordActor(editor, "Korea Ryonbong General Corporation", identifiers: new { opensanctions = "NK-ryonbong" });
        await using var server = await FeedServer.StartAsync();

        // Served as text/plain on purpose: a watch goes by the document, not by what the server calls it.
        var rss = server.Serve("recent-actions.xml", new ServedDocument(Feeds.RecentActions(
            ("20241023", "North Korea Designations; Russia-related Designations",
                "<p>OFAC designated agents of the Reconnaissance General Bureau and the tanker (IMO 9179842).</p>", "Wed, 23 Oct 2024 14:30:00 GMT"),
            ("20241021", "Publication of Updated FAQ", "<p>A new frequently asked question.</p>", "Mon, 21 Oct 2024 10:00:00 GMT")), "text/plain"));
        var rssWatch = await CreateWatch(editor, rss, include: ["designations"]);
        AssertCounts(await Check(editor, rssWatch), @new: 1, changed: 0, unchanged: 0, skipped: 1);
        var action = (await LeadsOf(editor, rssWatch)).Single();
        Assert.Equal("20241023", (string)action["itemId"]!);
        Assert.Equal("2024-10-23", (string)action["published"]!);
        Assert.Equal(new[] { bureau, vessel }.Order(StringComparer.Ordinal), action["actors"]!.AsArray().Select(a => (string)a!));

        var json = server.Serve("statements.json", new ServedDocument(Feeds.JsonFeed(
            ("s-101", "Statement on the RGB", "<p>The <em>RGB</em> coordinated the transfer.</p>", "2024-10-24T12:00:00+09:00")), "application/feed+json"));
        var jsonWatch = await CreateWatch(editor, json);
        AssertCounts(await Check(editor, jsonWatch), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        var statement = (await LeadsOf(editor, jsonWatch)).Single();
        Assert.Equal(("s-101", "The RGB coordinated the transfer.", "https://ministry.example.org/statements/s-101"),
            ((string)statement["itemId"]!, (string)statement["text"]!, (string)statement["url"]!));
        Assert.Equal([bureau], statement["actors"]!.AsArray().Select(a => (string)a!));

        // An OpenSanctions delta: each added or modified Sanction is an item naming its entity, from the file or already recorded.
        var delta = string.Join('\n',
            """{"op":"ADD","entity":{"id":"NK-kim-yong","schema":"Person","properties":{"name":["Kim Yong Bok"],"alias":["Kim Yong-bok"]}}}""",
            """{"op":"ADD","entity":{"id":"NK-sanction-1","schema":"Sanction","properties":{"entity":["NK-kim-yong"],"authority":["US OFAC"],"program":["DPRK3"],"startDate":["2024-10-23"],"reason":["Deployment of troops"],"sourceUrl":["https://ofac.example.gov/recent-actions/20241023"]}}}""",
            """{"op":"MOD","entity":{"id":"NK-sanction-2","schema":"Sanction","properties":{"entity":["NK-ryonbong"],"authority":["EU Council"],"listingDate":["2024-10-21"]}}}""",
            """{"op":"DEL","entity":{"id":"NK-sanction-0"}}""",
            """{"op":"ADD","entity":{"id":"NK-vessel","schema":"Vessel","properties":{"name":["Unrelated Vessel"]}}}""");
        var ftm = server.Serve("delta.json", new ServedDocument(delta + "\n", "application/json"));
        var ftmWatch = await CreateWatch(editor, ftm);
        AssertCounts(await Check(editor, ftmWatch), @new: 2, changed: 0, unchanged: 0, skipped: 0);
        var sanctions = (await LeadsOf(editor, ftmWatch)).ToDictionary(l => (string)l["itemId"]!);
        Assert.Equal(["NK-sanction-1", "NK-sanction-2"], sanctions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("US OFAC: Kim Yong Bok (DPRK3)", (string)sanctions["NK-sanction-1"]["title"]!);
        Assert.Equal("2024-10-23", (string)sanctions["NK-sanction-1"]["published"]!);
        Assert.Equal([recorded], sanctions["NK-sanction-2"]["actors"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task Two_checks_of_one_watch_at_once_record_each_item_once()
    {
        var editor = await api.As("editor");
        await using var server = await FeedServer.StartAsync();
        var entries = Enumerable.Range(1, 40).Select(i => ($"urn:burst:{i}", $"Notice {i}", $"<p>Notice number {i}.</p>", "2024-10-23T08:00:00Z")).ToArray();
        var watch = await CreateWatch(editor, server.Serve("burst.atom", new ServedDocument(Feeds.Atom(entries), Atom)));
        var other = await HttpSteps.NewKey(api, "second-editor", "editor");

        var checks = await Task.WhenAll(Check(editor, watch), Check(other, watch));

        Assert.Equal(40, checks.Sum(c => (int)c["new"]!));
        // One check recorded each item, the other (which waited for it) found each already recorded.
        Assert.All(checks, c => Assert.Equal(40, (int)c["new"]! + (int)c["unchanged"]!));
        Assert.Equal(40, (await LeadsOf(editor, watch)).Count);
    }

    [Fact]
    public async Task A_watch_is_refused_a_bad_every_a_bad_url_and_an_address_inside_the_network_as_webhooks_are()
    {
        var editor = await api.As("editor");
        var tooOften = await editor.PostAsJsonAsync("/api/watches", new { name = "x", url = "https://example.org/feed", every = "PT30S" });
        await HttpSteps.AssertProblem(tooOften, HttpStatusCode.BadRequest, "every", "at most once a minute");
        var notDuration = await editor.PostAsJsonAsync("/api/watches", new { name = "x", url = "https://example.org/feed", every = "15 minutes" });
        await HttpSteps.AssertProblem(notDuration, HttpStatusCode.BadRequest, "every", "ISO 8601");
        var notUrl = await editor.PostAsJsonAsync("/api/watches", new { name = "x", url = "ftp://example.org/feed", every = "PT15M" });
        await HttpSteps.AssertProblem(notUrl, HttpStatusCode.BadRequest, "url");
        var reader = await api.As("reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/watches", new { name = "x", url = "https://example.org/feed", every = "PT15M" })).StatusCode);

        await using var guarded = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?> { ["Timeline:Webhooks:AllowPrivateAddresses"] = "false" });
        var guardedEditor = ApiFixture.Authorized(guarded.CreateClient(), await HttpSteps.NewKey(api.Admin, "editor"));
        var inward = await guardedEditor.PostAsJsonAsync("/api/watches", new { name = "x", url = "http://127.0.0.1/feed", every = "PT15M" });
        await HttpSteps.AssertProblem(inward, HttpStatusCode.BadRequest, "url", "a watch's URL must lead to a public address");
    }

    [Fact]
    public async Task A_watch_is_listed_amended_and_removed_and_its_leads_stay()
    {
        var editor = await api.As("editor");
        await using var server = await FeedServer.StartAsync();
        var watch = await CreateWatch(editor, server.Serve("amend.atom", new ServedDocument(Feeds.Atom(("urn:a:1", "One", "<p>one</p>", "2024-10-23T08:00:00Z")), Atom)),
            every: "PT1H", name: "Amend me");
        AssertCounts(await Check(editor, watch), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        var listed = (await (await editor.GetAsync("/api/watches")).Json())["items"]!.AsArray();
        Assert.Contains(listed, w => (string)w!["id"]! == (string)watch["id"]!);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/watches/{watch["id"]}") { Content = JsonContent.Create(new { every = "PT5M", exclude = new[] { "one" } }) };
        var amended = await (await editor.SendAsync(patch)).Json();
        Assert.Equal(("PT5M", "one"), ((string)amended["every"]!, (string)amended["exclude"]![0]!));
        Assert.True((DateTimeOffset)amended["nextCheckAt"]! <= ((DateTimeOffset)amended["lastCheckedAt"]!).AddMinutes(5).AddSeconds(1));
        var badPatch = new HttpRequestMessage(HttpMethod.Patch, $"/api/watches/{watch["id"]}") { Content = JsonContent.Create(new { every = "P" }) };
        await HttpSteps.AssertProblem(await editor.SendAsync(badPatch), HttpStatusCode.BadRequest, "every");

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/watches/{watch["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/watches/{watch["id"]}")).StatusCode);
        Assert.Single(await LeadsOf(editor, watch));
    }
}
