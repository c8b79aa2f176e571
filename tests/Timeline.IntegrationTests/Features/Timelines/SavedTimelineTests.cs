using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public sealed class SavedTimelineTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string UniqueSlug() => "dprk-russia-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Saving_a_timeline_answers_201_with_location_and_it_can_be_read_back_and_listed()
    {
        var slug = UniqueSlug();
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/timelines", new
        {
            slug,
            title = "DPRK–Russia military cooperation",
            description = "Troops, munitions and the treaty.",
            filter = new { actor = new[] { "KP", "RU" }, type = new[] { "military.*" }, tag = Array.Empty<string>(), from = "2024" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/timelines/{slug}", response.Headers.Location!.OriginalString);
        var created = await response.Json();
        Assert.Equal(slug, (string?)created["slug"]);
        Assert.Equal("DPRK–Russia military cooperation", (string?)created["title"]);
        Assert.Equal("Troops, munitions and the treaty.", (string?)created["description"]);

        var reader = await api.As("reader");
        var one = await reader.GetAsync($"/api/timelines/{slug}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var read = await one.Json();
        Assert.Equal(slug, (string?)read["slug"]);
        Assert.Equal("DPRK–Russia military cooperation", (string?)read["title"]);
        var filter = read["filter"]!.AsObject();
        Assert.Equal(["KP", "RU"], filter["actor"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["military.*"], filter["type"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("2024", (string?)filter["from"]);

        var list = await reader.GetAsync("/api/timelines");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = (await list.JsonArray()).Select(t => t!.AsObject()).Where(t => (string?)t["slug"] == slug).ToList();
        var item = Assert.Single(listed);
        Assert.Equal("DPRK–Russia military cooperation", (string?)item["title"]);
    }

    [Fact]
    public async Task Saving_a_second_timeline_with_the_same_slug_is_409()
    {
        var slug = UniqueSlug();
        var editor = await api.As("editor");
        var first = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "First", filter = new { } });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Second", filter = new { tag = new[] { "x" } } });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var kept = await (await editor.GetAsync($"/api/timelines/{slug}")).Json();
        Assert.Equal("First", (string?)kept["title"]);
    }

    [Fact]
    public async Task Saving_the_same_slug_concurrently_saves_one_and_answers_409_to_the_rest()
    {
        var slug = UniqueSlug();
        var editor = await api.As("editor");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            editor.PostAsJsonAsync("/api/timelines", new { slug, title = $"Racer {i}", filter = new { } })));

        var codes = responses.Select(r => (int)r.StatusCode).Order().ToArray();
        Assert.True(codes.Count(c => c == 201) == 1 && codes.Count(c => c == 409) == 7, $"answers: {string.Join(", ", codes)}");
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict),
            r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        var list = await (await editor.GetAsync("/api/timelines")).JsonArray();
        Assert.Single(list, t => (string?)t!["slug"] == slug);
    }

    [Theory]
    [InlineData("Bad Slug")]
    [InlineData("UPPER")]
    [InlineData("-leading-dash")]
    [InlineData("slash/inside")]
    [InlineData("")]
    public async Task A_bad_slug_is_400_with_the_field_named(string slug)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Anything", filter = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Json())["errors"]!.AsObject().ContainsKey("slug"));
    }

    [Theory]
    [InlineData("""{"type": ["Bad Type"]}""", "type")]
    [InlineData("""{"actor": ["north korea"]}""", "actor")]
    [InlineData("""{"status": ["rumoured"]}""", "status")]
    [InlineData("""{"from": "June 2024"}""", "from")]
    [InlineData("""{"from": "2024-07", "to": "2024-06"}""", "to")]
    [InlineData("""{"match": "during"}""", "match")]
    public async Task A_bad_filter_is_400_with_the_field_named(string filter, string field)
    {
        var editor = await api.As("editor");
        var slug = UniqueSlug();
        var body = $$"""{"slug": "{{slug}}", "title": "Bad filter", "filter": {{filter}} }""";
        var response = await editor.PostAsync("/api/timelines", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Json())["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.Contains(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/timelines/{slug}")).StatusCode);
    }

    [Fact]
    public async Task A_missing_filter_or_an_unknown_filter_member_is_400()
    {
        var editor = await api.As("editor");
        var missing = await editor.PostAsJsonAsync("/api/timelines", new { slug = UniqueSlug(), title = "No filter" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var unknown = await editor.PostAsJsonAsync("/api/timelines", new { slug = UniqueSlug(), title = "Odd filter", filter = new { actors = new[] { "KP" } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_slug_is_404()
    {
        var reader = await api.As("reader");
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/timelines/no-such-timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/timelines/no-such-timeline/events")).StatusCode);
    }

    [Fact]
    public async Task Running_a_saved_timeline_applies_its_filter_with_paging()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var expected = new List<JsonObject>
        {
            await editor.Record(tag, "2024-10-23", type: "military.deployment", actors: ["KP", "RU", "US"]),
            await editor.Record(tag, "2023~/2024-10-23", type: "military.supply", actors: ["KP", "RU"]),
            await editor.Record(tag, "2024-10~", type: "military.deployment", actors: ["UA", "KP"]),
            await editor.Record(tag, "2024-06", type: "military", actors: ["RU"]),
            await editor.Record(tag, "2024-10-XX", type: "military.deployment", actors: ["KR"]),
        };
        await editor.Record(tag, "2024-06", type: "treaty.signed", actors: ["KP", "RU"]);
        await editor.Record(tag, "2024-10-23", type: "military.deployment", actors: ["US"]);
        await editor.Record(tag, "2022-03", type: "military.deployment", actors: ["RU"]);

        var slug = UniqueSlug();
        var saved = await editor.PostAsJsonAsync("/api/timelines", new
        {
            slug,
            title = "Troops and munitions",
            filter = new { actor = new[] { "KP", "RU", "KR" }, type = new[] { "military.*" }, tag = new[] { tag }, from = "2024-06", to = "2024" },
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);

        var reader = await api.As("reader");
        expected.Sort(TimelineClient.CompareSortKeys);

        var all = await reader.ReadPage($"/api/timelines/{slug}/events");
        Assert.Equal(expected.Ids(), all.Items.Ids());
        Assert.Null(all.NextCursor);

        var paged = await reader.AllPages($"/api/timelines/{slug}/events?order=asc", 2);
        Assert.Equal(expected.Ids(), paged.Ids());

        var desc = await reader.AllPages($"/api/timelines/{slug}/events?order=desc", 3);
        Assert.Equal(expected.Ids().Reverse(), desc.Ids());

        var bad = await reader.GetAsync($"/api/timelines/{slug}/events?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_saved_timeline_keeps_text_and_within_matching_and_runs_as_of_an_instant()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var inside = Bodies.Event(tag, occurred: "2024-10-14/2024-10-20", title: "Sanctions monitoring team formed");
        var insideEvent = await editor.Record(inside);
        await editor.Record(Bodies.Event(tag, occurred: "2024-10-14/2024-11-20", title: "Sanctions monitoring team at work"));
        await editor.Record(Bodies.Event(tag, occurred: "2024-10-15", title: "Troops seen in Vladivostok"));
        var slug = UniqueSlug();
        var saved = await editor.PostAsJsonAsync("/api/timelines", new
        {
            slug,
            title = "Monitoring in October",
            filter = new { tag = new[] { tag }, q = "monitoring", from = "2024-10", to = "2024-10", match = "within" },
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var reader = await api.As("reader");

        Assert.Equal([insideEvent.Id()], (await reader.ReadPage($"/api/timelines/{slug}/events")).Items.Ids());

        // As of before the event was recorded, the saved timeline was empty.
        var recordedAt = DateTimeOffset.Parse((string)insideEvent["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var before = TimelineClient.Q(recordedAt.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty((await reader.ReadPage($"/api/timelines/{slug}/events?asOf={before}")).Items);
    }

    [Fact]
    public async Task A_saved_timeline_with_an_empty_filter_shows_everything()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var e = await editor.Record(tag, "2024-10-23");
        var slug = UniqueSlug();
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Everything", filter = new { } })).StatusCode);

        var reader = await api.As("reader");
        var all = await reader.AllPages($"/api/timelines/{slug}/events?order=asc", 500);
        Assert.Contains(e.Id(), all.Ids());
    }
}
