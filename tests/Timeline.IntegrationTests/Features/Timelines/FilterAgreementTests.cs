using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

/// <summary>
/// One meaning of a filter: the same filters, run as the timeline query and as alert matching, pick the same events
/// (type subtrees, overlaps and within, open ends, full text, and their combinations).
/// </summary>
public sealed class FilterAgreementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly (string Title, string Occurred, string Type, string Status, string[] Actors, string Tag)[] Events =
    [
        ("Troops confirmed in Kursk", "2024-10-23", "military.deployment", "confirmed", ["KP", "RU"], "troops"),
        ("Artillery shells shipped", "2024-06", "military.supply", "reported", ["KP", "RU"], "shells"),
        ("Exercises announced", "2024~", "military", "disputed", ["US"], "troops"),
        ("Comprehensive strategic partnership treaty", "2024-06-19", "treaty.signed", "confirmed", ["KP", "RU"], "treaty"),
        ("General Assembly condemns the invasion", "2022-03", "un.vote", "reported", ["UN"], "vote"),
        ("Claims of troops in recent weeks", "../2024-10", "statement", "reported", ["KR"], "troops"),
        ("Monitoring team formed", "2024-10-14/2024-10-20", "institution.formed", "reported", ["US", "KR"], "msmt"),
        ("Designations take effect", "2024-06-19/..", "sanctions.designation", "confirmed", ["US", "KP"], "sanctions"),
        ("Military police deployed", "2024-10?", "military-police", "reported", ["UA"], "police"),
        ("EU lists a Ukrainian intermediary", "2024-12", "sanctions.designation", "reported", ["UA"], "sanctions"),
    ];

    /// <summary>Designations, grades and graded sources, added to some of the events above by title.</summary>
    private static readonly Dictionary<string, Dictionary<string, object?>> Extras = new()
    {
        ["Designations take effect"] = new()
        {
            ["sanction"] = new { authority = "US OFAC", program = "DPRK3" }, ["credibility"] = 1,
            ["sources"] = new[] { new { url = "https://example.org/ofac", title = "Treasury press release", reliability = "A" } },
        },
        ["EU lists a Ukrainian intermediary"] = new()
        {
            ["sanction"] = new { authority = "EU Council", program = "RUSSIA" }, ["credibility"] = 2,
            ["sources"] = new[] { new { url = "https://example.org/eu", title = "Official Journal", reliability = "B" } },
        },
        ["Artillery shells shipped"] = new()
        {
            ["places"] = new object[]
            {
                new { place = Rajin, role = "origin", precision = "exact" },
                new { place = Vladivostok, role = "destination", precision = "city", uncertaintyKm = 15.0 },
            },
        },
        ["Troops confirmed in Kursk"] = new() { ["places"] = new[] { new { place = Kursk, role = "site", precision = "region" } } },
        ["Exercises announced"] = new() { ["places"] = new[] { new { place = Russia, role = "site", precision = "country" } } },
        ["Claims of troops in recent weeks"] = new()
        {
            ["places"] = new[] { new { place = Vladivostok, role = "site", precision = "near", uncertaintyKm = 5.0 } },
            ["credibility"] = 3,
            ["sources"] = new object[] { new { url = "https://example.org/a", title = "Agency report", reliability = "C" }, new { url = "https://example.org/b", title = "Blog", reliability = "E" } },
        },
    };

    private const string Vladivostok = "agreement-vladivostok";
    private const string Rajin = "agreement-rajin";
    private const string Kursk = "agreement-kursk";
    private const string Russia = "agreement-russia";

    /// <summary>The places the events above are placed at: points, a circle of uncertainty, areas.</summary>
    private static readonly object[] Places =
    [
        new { code = Vladivostok, name = "Vladivostok", kind = "city", point = new[] { 131.886, 43.115 } },
        new { code = Rajin, name = "Rajin port", kind = "site", point = new[] { 130.30, 42.25 } },
        new { code = Kursk, name = "Kursk oblast", kind = "region", area = Box(34.1, 50.8, 38.5, 52.4) },
        new { code = Russia, name = "Russia", kind = "country", area = Box(27, 41, 180, 78) },
    ];

    private static object Box(double minLon, double minLat, double maxLon, double maxLat) => new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { minLon, minLat }, new[] { maxLon, minLat }, new[] { maxLon, maxLat }, new[] { minLon, maxLat }, new[] { minLon, minLat } } },
    };

    /// <summary>The saved timeline that <c>actorsOf</c> cases name.</summary>
    private const string Koreas = "agreement-koreas";

    private static readonly string[] FilterCases =
    [
        "{}",
        """{"actor":["KP"]}""",
        """{"actor":["US","UN"]}""",
        """{"type":["military.*"]}""",
        """{"type":["military"]}""",
        """{"type":["treaty.signed","un.*"]}""",
        """{"tag":["TROOPS"]}""",
        """{"status":["confirmed","disputed"]}""",
        """{"from":"2024-06","to":"2024-06"}""",
        """{"from":"2024-06","to":"2024-06","match":"within"}""",
        """{"from":"2024-10"}""",
        """{"to":"2023"}""",
        """{"from":"2024-10-15","to":"2024-10-16","match":"within"}""",
        """{"from":"2024-10-15","to":"2024-10-16"}""",
        """{"q":"treaty"}""",
        """{"q":"troops","actor":["KP"]}""",
        """{"q":"troops -kursk"}""",
        """{"actor":["KP"],"type":["military.*"],"from":"2024"}""",
        """{"tag":["troops"],"status":["reported"],"to":"2024-10"}""",
        """{"authority":["US OFAC"]}""",
        """{"authority":["US OFAC","EU Council"],"program":["RUSSIA"]}""",
        """{"program":["DPRK3"],"type":["sanctions.*"]}""",
        """{"reliability":["A,B"]}""",
        """{"reliability":["E"],"tag":["troops"]}""",
        """{"credibility":["1","3"]}""",
        """{"credibility":["2,3"],"from":"2024-11"}""",
        """{"actor":["iso3166:KP"]}""",
        """{"actor":["iso3166:UA","US"],"type":["sanctions.designation"]}""",
        $$"""{"actorsOf":"{{Koreas}}","type":["sanctions.designation"]}""",
        $$"""{"actorsOf":"{{Koreas}}"}""",
        """{"bbox":"131,42,133,44"}""",
        """{"bbox":"131,42,133,44","placeMatch":"within"}""",
        """{"bbox":"35,51,36,52"}""",
        """{"bbox":"30,50,32,52"}""",
        """{"near":"130.3,42.25,5","actor":["KP"]}""",
        """{"near":"131.886,43.115,30","placeMatch":"within"}""",
        """{"bbox":"-180,-90,180,90","placeMatch":"within"}""",
        """{"q":"troops","bbox":"30,50,40,53"}""",
        """{"q":"troops","near":"131.886,43.115,30"}""",
    ];

    public static TheoryData<string> Filters => new(FilterCases);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Dictionary<string, Guid>? subscriptions;

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task The_timeline_and_the_alerts_pick_the_same_events(string filter)
    {
        var ids = await RecordOnceAsync();
        var reader = await api.As("reader");

        var query = string.Join('&', JsonNode.Parse(filter)!.AsObject().SelectMany(p => p.Value is JsonArray values
            ? values.Select(v => $"{p.Key}={Uri.EscapeDataString((string)v!)}")
            : [$"{p.Key}={Uri.EscapeDataString((string)p.Value!)}"]));
        var timeline = await reader.GetAsync("/api/timeline?limit=500&" + query);
        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        var shown = (await timeline.Json())["items"]!.AsArray().Select(e => (string)e!["id"]!).Where(ids.Contains).ToHashSet();

        var alerts = await (await (await api.As("editor")).GetAsync($"/api/alerts?subscription={subscriptions![filter]}&limit=500")).Json();
        var alerted = alerts["items"]!.AsArray().Select(a => (string)a!["eventId"]!).ToHashSet();

        Assert.Equal(shown.Order(), alerted.Order());
    }

    [Fact]
    public async Task The_cases_tell_filters_apart()
    {
        // A guard on the table itself: were every filter to pick everything or nothing, agreement would prove little.
        var ids = await RecordOnceAsync();
        var reader = await api.As("editor");
        var sizes = new HashSet<int>();
        foreach (var filter in FilterCases)
        {
            var alerts = await (await reader.GetAsync($"/api/alerts?subscription={subscriptions![filter]}&limit=500")).Json();
            sizes.Add(alerts["items"]!.AsArray().Count);
        }

        Assert.Contains(ids.Count, sizes);
        Assert.True(sizes.Count >= 5, $"the filters pick {sizes.Count} distinct numbers of events");
    }

    /// <summary>Subscribes every filter, then records the events once for the class, and waits for their alerts.</summary>
    private async Task<HashSet<string>> RecordOnceAsync()
    {
        await Once.WaitAsync();
        try
        {
            var editor = await api.As("editor");
            if (subscriptions is null)
            {
                Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines",
                    new { slug = Koreas, title = "The Koreas", filter = new { actor = new[] { "iso3166:KP", "KR" } } })).StatusCode);
                foreach (var place in Places)
                {
                    Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", place)).StatusCode);
                }

                var made = new Dictionary<string, Guid>();
                foreach (var filter in FilterCases)
                {
                    made[filter] = (Guid)(await editor.Subscribe(new { name = filter, filter = JsonNode.Parse(filter), kinds = new[] { "event.recorded" } }))["id"]!;
                }

                foreach (var e in Events)
                {
                    var body = Bodies.Event(e.Tag, occurred: e.Occurred, type: e.Type, actors: e.Actors, title: e.Title, status: e.Status);
                    foreach (var (member, value) in Extras.GetValueOrDefault(e.Title) ?? [])
                    {
                        body[member] = value;
                    }

                    await editor.Record(body);
                }

                subscriptions = made;
            }

            await api.AlertsMatchedAsync();
            var reader = await api.As("reader");
            var all = await (await reader.GetAsync("/api/timeline?limit=500")).Json();
            return [.. all["items"]!.AsArray().Select(e => (string)e!["id"]!)];
        }
        finally
        {
            Once.Release();
        }
    }
}
