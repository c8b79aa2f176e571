using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using Timeline.IntegrationTests.Features.Timelines;

namespace Timeline.IntegrationTests.Features.Demo;

/// <summary>The API on a fresh database with the demo timeline loaded at start.</summary>
public sealed class DemoApiFixture : ApiFixture
{
    protected override bool LoadDemoTimeline => true;
}

public sealed class DemoTimelineTests(DemoApiFixture api) : IClassFixture<DemoApiFixture>
{
    private const string ArticleUrl = "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia";

    private async Task<List<JsonObject>> DemoEvents()
    {
        var reader = await api.As("reader");
        var all = await reader.AllPages("/api/timeline?order=asc", 500);
        return [.. all.Where(e => (string?)e["recordedBy"] == "demo")];
    }

    [Fact]
    public async Task The_demo_timeline_holds_about_a_dozen_sourced_events_from_the_article()
    {
        var events = await DemoEvents();

        Assert.InRange(events.Count, 10, 20);
        Assert.All(events, e =>
        {
            var sources = e["sources"]!.AsArray();
            Assert.NotEmpty(sources);
            Assert.Contains(sources, s => (string?)s!["url"] == ArticleUrl && (string?)s["publisher"] == "CSIS" && (string?)s["published"] == "2024-10-23");
            Assert.NotEmpty(e["actors"]!.AsArray());
            // Nothing the article reports can have begun after it was published.
            if ((string?)e["earliest"] is { } earliest)
            {
                Assert.True(string.CompareOrdinal(earliest, "2024-10-23") <= 0, $"'{e["title"]}' begins {earliest}");
            }
        });
    }

    [Fact]
    public async Task The_demo_records_its_actors()
    {
        var reader = await api.As("reader");
        var actors = (await (await reader.GetAsync("/api/actors")).Json())["items"]!.AsArray().Select(a => (string)a!["code"]!).ToList();

        foreach (var code in new[] { "KP", "RU", "US", "KR", "JP", "CN", "UA", "UN", "MSMT" })
        {
            Assert.Contains(code, actors);
        }

        var events = await DemoEvents();
        Assert.All(events.SelectMany(e => e["actors"]!.AsArray().Select(a => (string)a!)), code => Assert.Contains(code, actors));
    }

    [Fact]
    public async Task The_treaty_is_dated_to_the_month()
    {
        var treaty = Assert.Single(await DemoEvents(), e => (string?)e["type"] == "treaty.signed");

        Assert.Equal("2024-06", (string?)treaty["occurred"]);
        Assert.Equal("2024-06-01", (string?)treaty["earliest"]);
        Assert.Equal("2024-06-30", (string?)treaty["latest"]);
        Assert.Equal("month", (string?)treaty["precision"]);
        Assert.Contains("KP", treaty["actors"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("RU", treaty["actors"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task The_monitoring_team_formation_is_the_week_before_the_article()
    {
        var msmt = Assert.Single(await DemoEvents(), e => (string?)e["type"] == "institution.formed");

        Assert.Equal("2024-10-14/2024-10-20", (string?)msmt["occurred"]);
        Assert.Equal("2024-10-14", (string?)msmt["earliest"]);
        Assert.Equal("2024-10-20", (string?)msmt["latest"]);
        Assert.Contains("MSMT", msmt["actors"]!.AsArray().Select(a => (string)a!));

        var reader = await api.As("reader");
        var actor = await reader.GetAsync("/api/actors/MSMT");
        Assert.Equal(HttpStatusCode.OK, actor.StatusCode);
    }

    [Fact]
    public async Task The_demos_states_and_organisations_carry_their_Wikidata_ids()
    {
        var reader = await api.As("reader");
        var actors = (await (await reader.GetAsync("/api/actors")).Json())["items"]!.AsArray()
            .ToDictionary(a => (string)a!["code"]!, a => a!["identifiers"]!.AsObject());

        foreach (var (code, wikidata) in new[] { ("KP", "Q423"), ("RU", "Q159"), ("US", "Q30"), ("KR", "Q884"), ("UA", "Q212"), ("UN", "Q1065") })
        {
            Assert.Equal(wikidata, (string?)actors[code]["wikidata"]);
        }

        Assert.Equal("KP", (string?)actors["KP"]["iso3166"]);
        var byWikidata = await (await reader.GetAsync("/api/actors?q=wikidata:Q423")).Json();
        Assert.Equal(["KP"], byWikidata["items"]!.AsArray().Select(a => (string)a!["code"]!));
    }

    [Fact]
    public async Task The_demos_places_carry_the_identifiers_checked_for_them_and_no_others()
    {
        var reader = await api.As("reader");
        async Task<JsonObject> Identifiers(string code) => (await (await reader.GetAsync($"/api/places/{code}")).Json())["identifiers"]!.AsObject();

        var vladivostok = await Identifiers("vladivostok");
        Assert.Equal("Q959", (string?)vladivostok["wikidata"]);
        Assert.Equal("2013348", (string?)vladivostok["geonames"]);
        var kursk = await Identifiers("kursk-oblast");
        Assert.Equal("Q3178", (string?)kursk["wikidata"]);
        Assert.False(kursk.ContainsKey("geonames"));
        // No id of the crossing (the bridge or either station) has been checked: it has none rather than a guessed one.
        Assert.Empty(await Identifiers("tumangang-khasan-crossing"));
    }

    [Fact]
    public async Task The_demos_grades_follow_the_article_confirmed_by_the_US_government_or_only_in_public_reports()
    {
        var events = await DemoEvents();

        Assert.All(events, e => Assert.InRange((int)e["credibility"]!, 1, 3));
        Assert.All(events.SelectMany(e => e["sources"]!.AsArray()), s => Assert.Equal("B", (string?)s!["reliability"]));
        var confirmation = Assert.Single(events, e => (string?)e["occurred"] == "2024-10-23" && (string?)e["type"] == "military.deployment");
        Assert.Equal(1, (int)confirmation["credibility"]!);
        var publicReports = events.Where(e => ((string?)e["summary"] ?? "").Contains("public reports", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(publicReports.Count >= 2, "the article cites public reports of the troop numbers and of petroleum coke imports");
        Assert.All(publicReports, e => Assert.Equal(3, (int)e["credibility"]!));
        var onlyConfirmed = await (await api.As("reader")).GetAsync("/api/timeline?credibility=1&type=military.deployment&limit=500");
        Assert.Equal([confirmation.Id()], (await onlyConfirmed.Json())["items"]!.AsArray().Select(e => (string)e!["id"]!));
    }

    [Fact]
    public async Task The_confirmation_on_23_October_confirms_the_earlier_reported_claims()
    {
        var events = await DemoEvents();
        var confirmation = Assert.Single(events, e => (string?)e["occurred"] == "2024-10-23" && (string?)e["type"] == "military.deployment");
        Assert.Equal("confirmed", (string?)confirmation["status"]);
        Assert.Equal("day", (string?)confirmation["precision"]);

        var confirmed = confirmation["related"]!.AsArray()
            .Where(r => (string?)r!["relation"] == "confirms").Select(r => (string)r!["eventId"]!).ToList();
        Assert.True(confirmed.Count >= 2, "the confirmation confirms the South Korean and the Ukrainian claims");

        var claims = confirmed.Select(id => Assert.Single(events, e => e.Id() == id)).ToList();
        Assert.Contains(claims, c => c["actors"]!.AsArray().Any(a => (string?)a == "KR"));
        Assert.Contains(claims, c => c["actors"]!.AsArray().Any(a => (string?)a == "UA"));
        foreach (var claim in claims)
        {
            Assert.Equal("reported", (string?)claim["status"]);
            Assert.Equal("military.deployment", (string?)claim["type"]);
            Assert.Contains(claim["sources"]!.AsArray(), s => ((string?)s!["quote"] ?? "").Contains("in recent weeks", StringComparison.Ordinal));
            // "In recent weeks": a vague date, flagged as approximate, that begins before the confirmation.
            Assert.True((bool)claim["approximate"]!, $"claim '{claim["title"]}' ({claim["occurred"]}) is dated as approximate");
            Assert.NotEqual("day", (string?)claim["precision"]);
            Assert.True(string.CompareOrdinal((string)claim["earliest"]!, "2024-10-23") < 0);
            Assert.True(string.CompareOrdinal((string)claim["latest"]!, "2024-10-23") < 0, "the claims were made before the article");
            Assert.True(TimelineClient.CompareSortKeys(claim, confirmation) < 0, "the claims come before their confirmation on the timeline");
        }
    }

    [Fact]
    public async Task The_promised_intelligence_release_is_a_follow_up_due_in_the_coming_days()
    {
        var events = await DemoEvents();
        var promise = Assert.Single(events, e => (string?)e["type"] == "intelligence.release" && (string?)e["occurred"] == "2024-10-23");
        Assert.Contains("satellite imagery", (string)promise["summary"]!, StringComparison.OrdinalIgnoreCase);

        var reader = await api.As("reader");
        var response = await reader.GetAsync($"/api/follow-ups?eventId={promise.Id()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var followUp = Assert.Single(await response.JsonArray())!.AsObject();
        Assert.Contains("satellite imagery", (string)followUp["description"]!, StringComparison.OrdinalIgnoreCase);
        // "In the coming days" after 23 October 2024: due after the promise, within weeks rather than months.
        var earliest = DateOnly.Parse((string)followUp["dueEarliest"]!, System.Globalization.CultureInfo.InvariantCulture);
        var latest = DateOnly.Parse((string)followUp["dueLatest"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(earliest, new DateOnly(2024, 10, 23), new DateOnly(2024, 11, 15));
        Assert.InRange(latest, earliest, new DateOnly(2024, 11, 30));
        Assert.Contains((string?)followUp["status"], new[] { "open", "overdue" });
    }

    [Fact]
    public async Task The_demo_timeline_can_be_filtered_like_any_other()
    {
        var reader = await api.As("reader");
        var troops = await reader.Timeline("tag=troops&type=military.*&from=2024-10&to=2024-10&match=within");
        Assert.NotEmpty(troops.Items);
        Assert.All(troops.Items, e => Assert.StartsWith("military.", (string)e["type"]!, StringComparison.Ordinal));

        var text = await reader.Timeline($"q={TimelineClient.Q("Multilateral Sanctions Monitoring Team")}");
        Assert.Contains(text.Items, e => (string?)e["type"] == "institution.formed");
    }

    [Fact]
    public async Task Starting_another_instance_on_the_same_database_does_not_load_the_demo_again()
    {
        var before = await DemoEvents();

        await using (var again = api.CreateFactory(api.ConnectionString, demo: true))
        {
            var client = ApiFixture.Authorized(again.CreateClient(), ApiFixture.AdminKey);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var seenThere = (await client.AllPages("/api/timeline?order=asc", 500)).Where(e => (string?)e["recordedBy"] == "demo").ToList();
            Assert.Equal(before.Ids(), seenThere.Ids());
        }

        var after = await DemoEvents();
        Assert.Equal(before.Ids(), after.Ids());
    }
}

public sealed class DemoConcurrentStartTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_database_load_the_demo_once()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var first = api.CreateFactory(connectionString, demo: true);
        await using var second = api.CreateFactory(connectionString, demo: true);

        var clients = await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        var lists = new List<string[]>();
        foreach (var client in clients)
        {
            ApiFixture.Authorized(client, ApiFixture.AdminKey);
            var events = await client.AllPages("/api/timeline?order=asc", 500);
            Assert.InRange(events.Count, 10, 20);
            Assert.Equal(events.Count, events.Select(e => (string)e["title"]!).Distinct().Count());
            lists.Add(events.Ids());
        }

        Assert.Equal(lists[0], lists[1]);
    }

    [Fact]
    public async Task The_demo_is_not_loaded_into_a_database_that_already_has_events()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        await editor.Record(tag, "2024-10-23");

        await using var again = api.CreateFactory(api.ConnectionString, demo: true);
        var client = ApiFixture.Authorized(again.CreateClient(), ApiFixture.AdminKey);
        var events = await client.AllPages("/api/timeline?order=asc", 500);
        Assert.DoesNotContain(events, e => (string?)e["recordedBy"] == "demo");
    }
}
