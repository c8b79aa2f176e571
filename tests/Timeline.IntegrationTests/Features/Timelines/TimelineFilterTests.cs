using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public sealed class TimelineFilterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string[] Sorted(params IEnumerable<JsonObject>[] events) =>
        [.. events.SelectMany(e => e).Select(e => e.Id()).Order(StringComparer.Ordinal)];

    private static string[] Sorted(IEnumerable<JsonObject> events) => Sorted([events]);

    [Fact]
    public async Task Actor_filter_is_repeatable_and_matches_any_of_the_actors()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var kpRu = await editor.Record(tag, "2024-10-23", actors: ["KP", "RU"]);
        var kr = await editor.Record(tag, "2024-10-23", actors: ["KR"]);
        var uaUs = await editor.Record(tag, "2024-10-23", actors: ["UA", "US"]);
        var un = await editor.Record(tag, "2024-10-23", actors: ["UN"]);
        var reader = await api.As("reader");

        Assert.Equal(Sorted([kr, uaUs]), Sorted((await reader.Timeline($"tag={tag}&actor=KR&actor=UA")).Items));
        Assert.Equal(Sorted([kpRu]), Sorted((await reader.Timeline($"tag={tag}&actor=RU")).Items));
        Assert.Equal(Sorted([kpRu, uaUs, un]), Sorted((await reader.Timeline($"tag={tag}&actor=UN&actor=US&actor=KP")).Items));
        Assert.Empty((await reader.Timeline($"tag={tag}&actor=JP")).Items);
        Assert.Equal(4, (await reader.Timeline($"tag={tag}")).Items.Count);
    }

    [Fact]
    public async Task Type_filter_matches_exactly_and_a_star_matches_the_subtree_only()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var military = await editor.Record(tag, "2024-10-23", type: "military");
        var supply = await editor.Record(tag, "2024-10-23", type: "military.supply");
        var deployment = await editor.Record(tag, "2024-10-23", type: "military.deployment");
        var deep = await editor.Record(tag, "2024-10-23", type: "military.supply.artillery");
        var militaryx = await editor.Record(tag, "2024-10-23", type: "militaryx");
        var militaryDash = await editor.Record(tag, "2024-10-23", type: "military-aid");
        var nested = await editor.Record(tag, "2024-10-23", type: "sanctions.military");
        var treaty = await editor.Record(tag, "2024-06", type: "treaty.signed");
        var reader = await api.As("reader");

        Assert.Equal(Sorted([military, supply, deployment, deep]), Sorted((await reader.Timeline($"tag={tag}&type=military.*")).Items));
        Assert.Equal(Sorted([supply]), Sorted((await reader.Timeline($"tag={tag}&type=military.supply")).Items));
        Assert.Equal(Sorted([military]), Sorted((await reader.Timeline($"tag={tag}&type=military")).Items));
        Assert.Equal(Sorted([supply, deep]), Sorted((await reader.Timeline($"tag={tag}&type=military.supply.*")).Items));
        Assert.Equal(Sorted([militaryx, treaty]), Sorted((await reader.Timeline($"tag={tag}&type=militaryx&type=treaty.signed")).Items));
        Assert.Equal(Sorted([military, supply, deployment, deep, nested]),
            Sorted((await reader.Timeline($"tag={tag}&type=military.*&type=sanctions.*")).Items));
        Assert.DoesNotContain(militaryDash.Id(), (await reader.Timeline($"tag={tag}&type=military.*")).Items.Ids());
    }

    [Fact]
    public async Task A_malformed_type_filter_is_a_400_problem()
    {
        var reader = await api.As("reader");
        foreach (var bad in new[] { "Military", "military.", "*", "military.**" })
        {
            var response = await reader.GetAsync($"/api/timeline?type={TimelineClient.Q(bad)}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"type={bad} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Tag_filter_is_repeatable_and_matches_any_of_the_tags()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var a = Bodies.Event(tag);
        a["tags"] = new[] { tag, tag + "-a" };
        var tagged = await editor.Record(a);
        var b = Bodies.Event(tag);
        b["tags"] = new[] { tag, tag + "-b" };
        var taggedB = await editor.Record(b);
        await editor.Record(tag, "2024-10-23");
        var reader = await api.As("reader");

        Assert.Equal(Sorted([tagged, taggedB]), Sorted((await reader.Timeline($"tag={tag}-a&tag={tag}-b")).Items));
        Assert.Equal(Sorted([taggedB]), Sorted((await reader.Timeline($"tag={tag}-b")).Items));
        Assert.Equal(3, (await reader.Timeline($"tag={tag}")).Items.Count);
    }

    [Fact]
    public async Task Status_filter_selects_by_status_including_retracted()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var reported = await editor.Record(tag, "2024-10-23", status: "reported");
        var confirmed = await editor.Record(tag, "2024-10-23", status: "confirmed");
        var disputed = await editor.Record(tag, "2024-10-23", status: "disputed");
        var retracted = await editor.Record(tag, "2024-10-23", status: "reported");
        var retraction = await editor.PostAsJsonAsync($"/api/events/{retracted.Id()}/retraction", new { reason = "wrong" });
        Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);
        var reader = await api.As("reader");

        Assert.Equal(Sorted([confirmed]), Sorted((await reader.Timeline($"tag={tag}&status=confirmed")).Items));
        Assert.Equal(Sorted([reported, disputed]), Sorted((await reader.Timeline($"tag={tag}&status=reported&status=disputed")).Items));
        Assert.Equal(Sorted([retracted]), Sorted((await reader.Timeline($"tag={tag}&status=retracted")).Items));
        Assert.Equal("retracted", (string?)(await reader.Timeline($"tag={tag}&status=retracted")).Items[0]["status"]);

        var bad = await reader.GetAsync($"/api/timeline?tag={tag}&status=rumoured");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>Spans around June 2024, chosen so that overlaps and within disagree.</summary>
    private async Task<Dictionary<string, JsonObject>> RecordJuneSpans(string tag)
    {
        var editor = await api.As("editor");
        var events = new Dictionary<string, JsonObject>();
        foreach (var (name, occurred) in new[]
        {
            ("straddlesStart", "2024-05-30/2024-06-02"),
            ("inside", "2024-06-10"),
            ("wholeMonth", "2024-06"),
            ("openEnd", "2024-06-19/.."),
            ("openStart", "../2024-06-05"),
            ("after", "2024-07-01"),
            ("before", "2024-05"),
            ("year", "2024"),
        })
        {
            events[name] = await editor.Record(tag, occurred, title: name);
        }

        return events;
    }

    private static string[] Names(IEnumerable<JsonObject> items) => [.. items.Select(i => (string)i["title"]!).Order(StringComparer.Ordinal)];

    private static string[] N(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Date_range_overlaps_by_default_and_within_only_when_asked()
    {
        var tag = Bodies.UniqueTag();
        await RecordJuneSpans(tag);
        var reader = await api.As("reader");

        // [2024-06-01, 2024-06-30]
        var overlaps = N("straddlesStart", "inside", "wholeMonth", "openEnd", "openStart", "year");
        Assert.Equal(overlaps, Names((await reader.Timeline($"tag={tag}&from=2024-06&to=2024-06")).Items));
        Assert.Equal(overlaps, Names((await reader.Timeline($"tag={tag}&from=2024-06&to=2024-06&match=overlaps")).Items));
        Assert.Equal(N("inside", "wholeMonth"), Names((await reader.Timeline($"tag={tag}&from=2024-06&to=2024-06&match=within")).Items));

        // Days as bounds: [2024-06-01, 2024-06-30] again.
        Assert.Equal(N("inside", "wholeMonth"), Names((await reader.Timeline($"tag={tag}&from=2024-06-01&to=2024-06-30&match=within")).Items));

        // A year as the range: everything that lies in 2024, the open-ended spans do not.
        Assert.Equal(N("straddlesStart", "inside", "wholeMonth", "after", "before", "year"),
            Names((await reader.Timeline($"tag={tag}&from=2024&to=2024&match=within")).Items));
        Assert.Equal(8, (await reader.Timeline($"tag={tag}&from=2024&to=2024")).Items.Count);
    }

    [Fact]
    public async Task Date_range_with_only_one_bound_distinguishes_overlaps_from_within()
    {
        var tag = Bodies.UniqueTag();
        await RecordJuneSpans(tag);
        var reader = await api.As("reader");

        // From 2024-06-15 on: overlapping means ending on or after it, within means starting on or after it.
        Assert.Equal(N("wholeMonth", "openEnd", "after", "year"), Names((await reader.Timeline($"tag={tag}&from=2024-06-15")).Items));
        Assert.Equal(N("openEnd", "after"), Names((await reader.Timeline($"tag={tag}&from=2024-06-15&match=within")).Items));

        // Up to 2024-06-05: overlapping means starting on or before it, within means ending on or before it.
        Assert.Equal(N("straddlesStart", "wholeMonth", "openStart", "before", "year"), Names((await reader.Timeline($"tag={tag}&to=2024-06-05")).Items));
        Assert.Equal(N("straddlesStart", "openStart", "before"), Names((await reader.Timeline($"tag={tag}&to=2024-06-05&match=within")).Items));
    }

    [Fact]
    public async Task Bad_date_ranges_are_400_problems()
    {
        var reader = await api.As("reader");
        foreach (var query in new[] { "from=2024-13", "to=spring", "from=2024-06/2024-07", "from=2024-07&to=2024-06", "match=during", "from=2024-06~" })
        {
            var response = await reader.GetAsync($"/api/timeline?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Full_text_query_searches_title_summary_and_source_titles()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var inTitle = await editor.Record(Bodies.Event(tag, title: "Howitzer shells shipped by rail"));
        var inSummaryBody = Bodies.Event(tag, title: "Shipment seen");
        inSummaryBody["summary"] = "Imagery shows a howitzer battery on flatcars near Tumangang.";
        var inSummary = await editor.Record(inSummaryBody);
        var inSourceBody = Bodies.Event(tag, title: "Rail traffic rises");
        inSourceBody["sources"] = new[]
        {
            new Dictionary<string, object?> { ["url"] = "https://example.org/report", ["title"] = "Howitzer deliveries across the Tumen", ["publisher"] = "Example" },
        };
        var inSource = await editor.Record(inSourceBody);
        var nowhereBody = Bodies.Event(tag, title: "Troops arrive in Vladivostok");
        nowhereBody["summary"] = "Nothing about artillery.";
        await editor.Record(nowhereBody);
        var reader = await api.As("reader");

        Assert.Equal(Sorted([inTitle, inSummary, inSource]), Sorted((await reader.Timeline($"tag={tag}&q=howitzer")).Items));
        Assert.Equal(Sorted([inSource]), Sorted((await reader.Timeline($"tag={tag}&q={TimelineClient.Q("howitzer deliveries")}")).Items));
        Assert.Equal(Sorted([inSummary, inSource]), Sorted((await reader.Timeline($"tag={tag}&q=tumangang%20OR%20tumen")).Items));
        Assert.Empty((await reader.Timeline($"tag={tag}&q=submarine")).Items);
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var match = await editor.Record(tag, "2024-10-23", type: "military.deployment", actors: ["KP", "RU"], status: "confirmed");
        await editor.Record(tag, "2024-10-23", type: "military.deployment", actors: ["KP", "RU"], status: "reported");
        await editor.Record(tag, "2024-10-23", type: "statement", actors: ["KP", "RU"], status: "confirmed");
        await editor.Record(tag, "2024-10-23", type: "military.deployment", actors: ["US"], status: "confirmed");
        await editor.Record(tag, "2023-10-23", type: "military.deployment", actors: ["KP"], status: "confirmed");
        var reader = await api.As("reader");

        var page = await reader.Timeline($"tag={tag}&actor=KP&type=military.*&status=confirmed&from=2024");
        Assert.Equal([match.Id()], page.Items.Ids());
    }

    [Fact]
    public async Task Limit_caps_the_page_and_is_checked()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        for (var i = 1; i <= 5; i++)
        {
            await editor.Record(tag, $"2024-10-0{i}");
        }

        var reader = await api.As("reader");
        var two = await reader.Timeline($"tag={tag}&limit=2");
        Assert.Equal(2, two.Items.Count);
        Assert.NotNull(two.NextCursor);
        Assert.Equal(["2024-10-01", "2024-10-02"], two.Items.Select(i => (string)i["occurred"]!));

        var five = await reader.Timeline($"tag={tag}&limit=5");
        Assert.Equal(5, five.Items.Count);
        Assert.Null(five.NextCursor);

        var one = await reader.Timeline($"tag={tag}&limit=1&order=desc");
        Assert.Equal(["2024-10-05"], one.Items.Select(i => (string)i["occurred"]!));

        foreach (var bad in new[] { "0", "501", "-1", "ten", "2.5" })
        {
            var response = await reader.GetAsync($"/api/timeline?tag={tag}&limit={bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"limit={bad} answered {(int)response.StatusCode}");
        }

        Assert.Equal(5, (await reader.Timeline($"tag={tag}&limit=500")).Items.Count);
    }

    [Fact]
    public async Task Limit_defaults_to_50()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        for (var i = 0; i < 51; i++)
        {
            await editor.Record(tag, "2024-10-23");
        }

        var reader = await api.As("reader");
        var page = await reader.Timeline($"tag={tag}");
        Assert.Equal(50, page.Items.Count);
        Assert.NotNull(page.NextCursor);
        var rest = await reader.Timeline($"tag={tag}&cursor={TimelineClient.Q(page.NextCursor!)}");
        Assert.Single(rest.Items);
        Assert.Null(rest.NextCursor);
    }
}
