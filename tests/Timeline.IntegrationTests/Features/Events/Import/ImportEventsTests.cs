using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Events.Import;

public sealed class ImportEventsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Line(string tag, string title, string? externalId = null, string actors = "\"KP\", \"RU\"",
        string occurred = "2024-10-23", string extra = "") =>
        $$"""{ "title": "{{title}}", "summary": "Imported.", "occurred": "{{occurred}}", "type": "military.deployment", "actors": [{{actors}}], "tags": ["{{tag}}"], "sources": [{ "url": "https://example.org/{{tag}}", "title": "Report on {{title}}", "publisher": "Example", "published": "2024-10-24" }]{{(externalId is null ? "" : $", \"externalId\": \"{externalId}\"")}}{{extra}} }""";

    private static Task<HttpResponseMessage> Import(HttpClient client, string body, string mediaType = "application/x-ndjson", string query = "") =>
        client.PostAsync($"/api/events/import{query}", new StringContent(body, Encoding.UTF8, mediaType));

    private static async Task<JsonObject> Imported(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonArray> Timeline(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/timeline?{query}&limit=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json())["items"]!.AsArray();
    }

    [Fact]
    public async Task Ndjson_lines_become_events_with_their_first_revision()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var body = string.Join("\n", Line(tag, "Troops seen near Kursk"), "", Line(tag, "Second event", occurred: "2024-06"), Line(tag, "Third event", occurred: "2024-10-14/2024-10-20")) + "\n";

        var result = await Imported(await Import(editor, body));

        Assert.Equal(3, (int)result["imported"]!);
        Assert.Equal(0, (int)result["skipped"]!);
        Assert.Empty(result["rejected"]!.AsArray());
        var items = await Timeline(editor, $"tag={tag}");
        Assert.Equal(["Second event", "Third event", "Troops seen near Kursk"], items.Select(i => (string)i!["title"]!));
        var kursk = items.Single(i => (string)i!["title"]! == "Troops seen near Kursk")!;
        Assert.Equal("editor-key", (string?)kursk["recordedBy"]);
        Assert.Equal(1, (int)kursk["version"]!);
        Assert.Equal("day", (string?)kursk["precision"]);
        Assert.Equal(["KP", "RU"], kursk["actors"]!.AsArray().Select(a => (string)a!));
        var source = Assert.Single(kursk["sources"]!.AsArray())!;
        Assert.Equal("https://example.org/" + tag, (string?)source["url"]);
        Assert.Equal("2024-10-24", (string?)source["published"]);
        var month = items.Single(i => (string)i!["title"]! == "Second event")!;
        Assert.Equal("2024-06-01", (string?)month["earliest"]);
        Assert.Equal("2024-06-30", (string?)month["latest"]);

        var read = await Get(editor, (string)kursk["id"]!);
        Assert.Equal("Troops seen near Kursk", (string?)read["title"]);
        var revisions = await editor.GetAsync($"/api/events/{kursk["id"]}/revisions");
        Assert.Equal(HttpStatusCode.OK, revisions.StatusCode);
        var revision = Assert.Single(JsonNode.Parse(await revisions.Content.ReadAsStringAsync())!.AsArray())!;
        Assert.Equal("recorded", (string?)revision["change"]);
        Assert.Equal(1, (int)revision["version"]!);
        Assert.Equal("editor-key", (string?)revision["changedBy"]);
        Assert.Equal("Troops seen near Kursk", (string?)revision["event"]!["title"]);

        // The revisions answer asOf: the timeline as recorded a moment after the import holds them all.
        var asOf = DateTimeOffset.UtcNow.AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, (await Timeline(editor, $"tag={tag}&asOf={asOf}")).Count);
    }

    [Fact]
    public async Task Csv_rows_become_events_with_semicolon_separated_lists()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var csv = $"""
            title,summary,occurred,type,status,actors,tags,source_url,source_title,source_publisher,source_published,externalId
            "Treaty signed; in Pyongyang",A treaty.,2024-06-19,treaty.signed,confirmed,KP;RU,{tag};treaty,https://example.org/a;https://example.org/b,First report;Second report,CSIS;Reuters,2024-06-19;2024-06-20,csv-{tag}-1
            UN vote,"A vote, with a comma.",2022-03~,un.vote,,UN; RU ,{tag},https://example.org/c,"One title; with a semicolon",,,csv-{tag}-2

            """;

        var result = await Imported(await Import(editor, csv.ReplaceLineEndings("\r\n"), "text/csv"));

        Assert.Equal(2, (int)result["imported"]!);
        var items = await Timeline(editor, $"tag={tag}");
        Assert.Equal(["UN vote", "Treaty signed; in Pyongyang"], items.Select(i => (string)i!["title"]!));
        var treaty = items[1]!;
        Assert.Equal("confirmed", (string?)treaty["status"]);
        Assert.Equal(["KP", "RU"], treaty["actors"]!.AsArray().Select(a => (string)a!));
        Assert.Equal([tag, "treaty"], treaty["tags"]!.AsArray().Select(a => (string)a!));
        var sources = treaty["sources"]!.AsArray();
        Assert.Equal(2, sources.Count);
        Assert.Equal(["https://example.org/a", "https://example.org/b"], sources.Select(s => (string)s!["url"]!));
        Assert.Equal(["First report", "Second report"], sources.Select(s => (string)s!["title"]!));
        Assert.Equal(["CSIS", "Reuters"], sources.Select(s => (string)s!["publisher"]!));
        Assert.Equal(["2024-06-19", "2024-06-20"], sources.Select(s => (string)s!["published"]!));
        var vote = items[0]!;
        Assert.Equal("reported", (string?)vote["status"]);
        Assert.True((bool)vote["approximate"]!);
        Assert.Equal("A vote, with a comma.", (string?)vote["summary"]);
        Assert.Equal(["UN", "RU"], vote["actors"]!.AsArray().Select(a => (string)a!));
        var voteSource = Assert.Single(vote["sources"]!.AsArray())!;
        Assert.Equal("One title; with a semicolon", (string?)voteSource["title"]);
        Assert.Null((string?)voteSource["publisher"]);

        // The same file again records nothing twice.
        var again = await Imported(await Import(editor, csv, "text/csv"));
        Assert.Equal(0, (int)again["imported"]!);
        Assert.Equal(2, (int)again["skipped"]!);
    }

    private static string MixedBody(string tag) => string.Join("\n",
        Line(tag, "Good line"),
        Line(tag, "Bad actor and date", actors: "\"KP\", \"ZZ\"", occurred: "2024-21"),
        """{ "title": "broken", """,
        Line(tag, "Unknown member", extra: ", \"colour\": \"red\""),
        Line(tag, "Another good line"));

    [Fact]
    public async Task By_default_one_rejected_line_rejects_the_import_and_lists_every_rejection()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var response = await Import(editor, MixedBody(tag));

        var problem = await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (int)problem["imported"]!);
        Assert.Equal(3, (int)problem["rejectedCount"]!);
        Assert.Contains("mode=partial", (string?)problem["detail"]);
        var rejected = problem["rejected"]!.AsArray();
        Assert.Equal([2, 3, 4], rejected.Select(r => (int)r!["line"]!));
        var second = rejected[0]!["errors"]!.AsObject();
        Assert.Contains(second["actors"]!.AsArray(), r => ((string)r!).Contains("unknown actor code: ZZ", StringComparison.Ordinal));
        Assert.Contains(second["occurred"]!.AsArray(), r => ((string)r!).Contains("season", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(rejected[1]!["errors"]!["body"]!.AsArray(), r => ((string)r!).Contains("malformed JSON", StringComparison.Ordinal));
        Assert.Contains(rejected[2]!["errors"]!["colour"]!.AsArray(), r => ((string)r!).Contains("not a known member", StringComparison.Ordinal));
        Assert.Empty(await Timeline(editor, $"tag={tag}"));
    }

    [Fact]
    public async Task In_partial_mode_the_good_lines_are_kept_and_the_rejections_listed()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var result = await Imported(await Import(editor, MixedBody(tag), query: "?mode=partial"));

        Assert.Equal(2, (int)result["imported"]!);
        Assert.Equal(3, (int)result["rejectedCount"]!);
        Assert.Equal([2, 3, 4], result["rejected"]!.AsArray().Select(r => (int)r!["line"]!));
        Assert.Equal(["Another good line", "Good line"], (await Timeline(editor, $"tag={tag}")).Select(i => (string)i!["title"]!).Order());
    }

    [Fact]
    public async Task Csv_rejections_name_the_line_of_the_file()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var csv = $"""
            title,occurred,type,actors,tags,source_url,source_title,source_published
            Fine,2024,statement,US,{tag},https://example.org/a,A,2024-01-02
            "Two
            lines",2024,statement,US,{tag},https://example.org/b,B,2024-01-02
            ,2024,statement,US,{tag},not-a-url,C,yesterday
            No sources,2024,statement,US,{tag},,,
            """;

        var result = await Imported(await Import(editor, csv, "text/csv", "?mode=partial"));

        Assert.Equal(2, (int)result["imported"]!);
        var rejected = result["rejected"]!.AsArray();
        Assert.Equal([5, 6], rejected.Select(r => (int)r!["line"]!));
        Assert.True(rejected[0]!["errors"]!.AsObject().ContainsKey("sources[0].published"), rejected.ToJsonString());
        Assert.True(rejected[1]!["errors"]!.AsObject().ContainsKey("sources"), rejected.ToJsonString());
        Assert.Equal(["Fine", "Two\nlines"], (await Timeline(editor, $"tag={tag}")).Select(i => ((string)i!["title"]!).ReplaceLineEndings("\n")).Order());
    }

    [Fact]
    public async Task Reimporting_skips_external_ids_already_recorded_and_repeats_within_the_file()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var body = string.Join("\n", Line(tag, "One", $"{tag}-1"), Line(tag, "Two", $"{tag}-2"), Line(tag, "One again", $"{tag}-1"), Line(tag, "No id"));

        var first = await Imported(await Import(editor, body));
        Assert.Equal(3, (int)first["imported"]!);
        Assert.Equal(1, (int)first["skipped"]!);

        var second = await Imported(await Import(editor, body));
        Assert.Equal(1, (int)second["imported"]!); // the line without an externalId cannot be recognised
        Assert.Equal(3, (int)second["skipped"]!);
        Assert.Equal(["No id", "No id", "One", "Two"], (await Timeline(editor, $"tag={tag}")).Select(i => (string)i!["title"]!).Order());
    }

    [Fact]
    public async Task Imported_events_are_found_by_full_text_search()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];

        await Imported(await Import(editor, Line(tag, $"Shipment {word} intercepted") + "\n" + Line(tag, "Unrelated")));

        var found = await Timeline(editor, $"q={word}");
        Assert.Equal($"Shipment {word} intercepted", (string?)Assert.Single(found)!["title"]);
        // Source titles are searched too, as for recorded events.
        Assert.Single(await Timeline(editor, $"q=report+{word}"));
    }

    [Fact]
    public async Task Subscriptions_get_event_recorded_alerts_for_imported_events()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var byTag = await Subscribe(editor, new { tag = new[] { tag } });
        var byText = await Subscribe(editor, new { q = word });

        var result = await Imported(await Import(editor, string.Join("\n",
            Line(tag, "First"), Line(tag, $"Second {word}"), Line(Bodies.UniqueTag(), "Elsewhere"))));
        Assert.Equal(3, (int)result["imported"]!);

        var tagged = await Alerts(editor, byTag);
        Assert.Equal(2, tagged.Count);
        Assert.All(tagged, a => Assert.Equal("event.recorded", (string?)a!["kind"]));
        Assert.Equal(["First", $"Second {word}"], tagged.Select(a => (string)a!["data"]!["event"]!["title"]!).Order());
        var timelineIds = (await Timeline(editor, $"tag={tag}")).Select(i => (string)i!["id"]!).Order();
        Assert.Equal(timelineIds, tagged.Select(a => (string)a!["eventId"]!).Order());
        var text = Assert.Single(await Alerts(editor, byText))!;
        Assert.Equal($"Second {word}", (string?)text["data"]!["event"]!["title"]);
    }

    private static async Task<string> Subscribe(HttpClient editor, object filter)
    {
        return (string)(await editor.Subscribe(new { name = "import " + Guid.NewGuid(), filter, kinds = new[] { "event.recorded" } }))["id"]!;
    }

    private async Task<JsonArray> Alerts(HttpClient client, string subscription)
    {
        await api.AlertsMatchedAsync();
        var response = await client.GetAsync($"/api/alerts?subscription={subscription}&limit=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json())["items"]!.AsArray();
    }

    [Fact]
    public async Task Imported_rows_are_stored_as_recording_stores_them()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var target = await editor.Record(Bodies.Event(tag));
        var fields = new
        {
            title = "Open-ended event",
            summary = "Same in both.",
            occurred = "../2024-10",
            type = "statement",
            status = "disputed",
            actors = new[] { "US", "KR" },
            tags = new[] { tag, "Mixed-Case" },
            sources = new object[]
            {
                new { url = "https://example.org/x", title = "With quote", publisher = "P", published = "2024-10-01", quote = "a quote" },
                new { url = "https://example.org/y", title = "Bare" },
            },
            related = new[] { new { eventId = (string)target["id"]!, relation = "responds-to" } },
        };
        var recorded = await editor.Record(fields);
        var line = JsonSerializer.Serialize(fields, JsonSerializerOptions.Web);
        var result = await Imported(await Import(editor, line + "\n"));
        Assert.Equal(1, (int)result["imported"]!);
        var imported = (await Timeline(editor, $"tag={tag}")).Single(i => (string)i!["id"]! != (string)recorded["id"]! && (string)i!["title"]! == "Open-ended event")!;

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var compare = new NpgsqlCommand(
            """
            SELECT a.sources = b.sources, a.related = b.related, a.search_vector = b.search_vector, a.earliest = b.earliest,
                   a.latest = b.latest, a.earliest = '-infinity'::date, a.actors = b.actors, a.tags = b.tags,
                   a.source_titles = b.source_titles, a.precision = b.precision, b.sources::text
            FROM timeline.events a, timeline.events b WHERE a.id = @recorded AND b.id = @imported
            """, connection);
        compare.Parameters.AddWithValue("recorded", Guid.Parse((string)recorded["id"]!));
        compare.Parameters.AddWithValue("imported", Guid.Parse((string)imported["id"]!));
        await using var reader = await compare.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var stored = reader.GetString(10);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(reader.GetBoolean(i), $"column {i} differs from what recording stores; imported sources: {stored}");
        }

        Assert.Null(imported["earliest"]?.GetValue<string>());
        Assert.Equal("2024-10-31", (string?)imported["latest"]);
    }

    [Fact]
    public async Task Readers_may_not_import()
    {
        var reader = await api.As("reader");

        var response = await Import(reader, Line(Bodies.UniqueTag(), "Not allowed"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Other_media_types_an_unknown_column_an_unknown_mode_and_an_empty_body_are_refused()
    {
        var editor = await api.As("editor");

        await AssertProblem(await Import(editor, "[]", "application/json"), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await Import(editor, "title,colour\nx,red\n", "text/csv"), HttpStatusCode.BadRequest, "header", "colour");
        await AssertProblem(await Import(editor, Line("x", "y"), query: "?mode=some"), HttpStatusCode.BadRequest, "mode");
        await AssertProblem(await Import(editor, "\n\n"), HttpStatusCode.BadRequest, "body", "no events");
    }

    [Fact]
    public async Task A_body_larger_than_the_usual_limit_is_imported_in_batches()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        const int count = 5_000; // more than one batch, and well over the 1 MiB limit of other requests
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            body.Append(Line(tag, $"Bulk event {i}", $"{tag}-{i}")).Append('\n');
        }

        Assert.True(body.Length > 1024 * 1024);
        var result = await Imported(await Import(editor, body.ToString()));

        Assert.Equal(count, (int)result["imported"]!);
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var counts = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT r.id) FROM timeline.events e JOIN timeline.event_revisions r ON r.event_id = e.id WHERE @tag = ANY(e.tags)", connection);
        counts.Parameters.AddWithValue("tag", tag);
        await using var reader = await counts.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(count, reader.GetInt64(0));
        Assert.Equal(count, reader.GetInt64(1));
    }
}
