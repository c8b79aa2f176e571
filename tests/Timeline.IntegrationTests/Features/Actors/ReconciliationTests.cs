using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Actors;

/// <summary>
/// /api/reconcile as OpenRefine uses it, its answers checked against the W3C Entity Reconciliation API 0.2's own
/// schemas (tests/reconciliation-checks) with the validator the specification's CI runs.
/// </summary>
public sealed class ReconciliationTests(ReconciliationTests.Fixture api) : IClassFixture<ReconciliationTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var editor = await As("editor");
            foreach (var body in new object[]
            {
                new { code = "SHOIGU", name = "Шойгу Сергей Кужугетович", kind = "person" },
                new { code = "LAVROV", name = "Лавров Сергей Викторович", kind = "person" },
                new { code = "CHOE-SON-HUI", name = "최선희", kind = "person" },
                new { code = "KIM-JONG-UN", name = "Kim Jong-un", kind = "person", identifiers = new { wikidata = "Q56226" } },
                new { code = "KIM-YO-JONG", name = "Kim Yo-jong", kind = "person" },
                new { code = "ANGARA", name = "Angara", kind = "vessel", identifiers = new { imo = "9179842" } },
                new { code = "ANGARA-2", name = "Angara", kind = "vessel", identifiers = new { imo = "9074729" } },
                new { code = "KOMID", name = "Korea Mining Development Trading Corporation", kind = "company", aliases = new[] { "KOMID" } },
            })
            {
                (await editor.PostAsJsonAsync("/api/actors", body)).EnsureSuccessStatusCode();
            }
        }
    }

    private static readonly string Checks = Path.Combine(ChildProcess.RepositoryRoot(), "tests", "reconciliation-checks");

    /// <summary>Validates <paramref name="json"/> with the specification's schema; fails the test with the validator's errors.</summary>
    private static async Task AssertValid(string schema, JsonNode json)
    {
        var (installed, installOutput) = await ChildProcess.RunAsync("bash", ["install.sh"], Checks, TimeSpan.FromMinutes(5));
        Assert.True(installed == 0, installOutput);
        var file = Path.Combine(Path.GetTempPath(), $"timeline-reconcile-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json.ToJsonString());
        try
        {
            var (code, output) = await ChildProcess.RunAsync("node", ["validate.mjs", schema, file], Checks, TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"{schema}: {output}\n{json.ToJsonString()}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<JsonObject> Reconcile(JsonObject queries)
    {
        var response = await (await api.As("reader")).PostAsync("/api/reconcile",
            new FormUrlEncodedContent([new("queries", queries.ToJsonString())]));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonArray Candidates(JsonObject results, string query) => results[query]!["result"]!.AsArray();

    [Fact]
    public async Task The_manifest_is_the_specifications_with_the_actor_kinds_and_the_pages_actor_view()
    {
        var response = await api.Anonymous().GetAsync("/api/reconcile");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var manifest = await response.Json();
        await AssertValid("manifest", manifest);
        Assert.Contains("0.2", manifest["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["state", "organisation", "person", "company", "vessel", "aircraft"], manifest["defaultTypes"]!.AsArray().Select(t => (string)t!["id"]!));
        Assert.EndsWith("/#/actors/{{id}}", (string)manifest["view"]!["url"]!, StringComparison.Ordinal);
        Assert.Equal("Authorization", (string?)manifest["authentication"]!["name"]);
        // The view is the page's own route for an actor.
        var page = await api.Anonymous().GetStringAsync("/app.js");
        Assert.Contains("#\\/actors\\/", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_twenty_queries_as_openrefine_sends_them_answers_each_in_the_specifications_shape()
    {
        var names = new (string Query, string? Type, string Expected)[]
        {
            ("Sergei Shoigu", "person", "SHOIGU"), ("Shoigu", null, "SHOIGU"), ("SHOIGU Sergey", "person", "SHOIGU"),
            ("Choe Son Hui", "person", "CHOE-SON-HUI"), ("최선희", null, "CHOE-SON-HUI"), ("Choe Son-hui", null, "CHOE-SON-HUI"),
            ("Kim Jong Un", "person", "KIM-JONG-UN"), ("KIM Jong-Un", null, "KIM-JONG-UN"), ("Jong Un Kim", "person", "KIM-JONG-UN"),
            ("kim jong un", null, "KIM-JONG-UN"), ("Kim Yo Jong", "person", "KIM-YO-JONG"), ("Sergei Lavrov", "person", "LAVROV"),
            ("Лавров", null, "LAVROV"), ("KOMID", null, "KOMID"), ("Korea Mining Development Trading Corp", "company", "KOMID"),
            ("korea mining development", null, "KOMID"), ("Sergey Lavrov", null, "LAVROV"), ("Shoygu", "person", "SHOIGU"),
        };
        var queries = new JsonObject();
        for (var i = 0; i < names.Length; i++)
        {
            var q = new JsonObject { ["query"] = names[i].Query, ["limit"] = 3 };
            if (names[i].Type is { } type)
            {
                q["type"] = type;
                q["type_strict"] = "should";
            }

            queries[$"q{i}"] = q;
        }

        // OpenRefine sends other columns as properties: an identifier confirms, and leaves out the actors it is not.
        queries["q18"] = new JsonObject { ["query"] = "Angara", ["type"] = "vessel", ["limit"] = 3, ["properties"] = new JsonArray(new JsonObject { ["pid"] = "imo", ["v"] = "9074729" }) };
        queries["q19"] = new JsonObject { ["query"] = "Kim", ["properties"] = new JsonArray(new JsonObject { ["pid"] = "wikidata", ["v"] = new JsonObject { ["id"] = "Q56226", ["name"] = "Kim Jong Un" } }) };
        await AssertValid("reconciliation-query-batch", queries);

        var results = await Reconcile(queries);

        await AssertValid("reconciliation-result-batch", results);
        Assert.Equal(20, results.Count);
        for (var i = 0; i < names.Length; i++)
        {
            var candidates = Candidates(results, $"q{i}");
            Assert.True(candidates.Count is >= 1 and <= 3, $"{names[i].Query}: {candidates.ToJsonString()}");
            Assert.Equal(names[i].Expected, (string?)candidates[0]!["id"]);
            Assert.True(candidates.Count(c => (bool)c!["match"]!) <= 1);
            if (names[i].Type is { } type)
            {
                Assert.All(candidates, c => Assert.Equal(type, (string?)c!["type"]![0]!["id"]));
            }
        }

        var angara = Candidates(results, "q18");
        Assert.Equal(["ANGARA-2"], angara.Select(c => (string)c!["id"]!));
        Assert.True((bool)angara[0]!["match"]!);
        var kim = Candidates(results, "q19");
        Assert.Equal("KIM-JONG-UN", (string?)kim[0]!["id"]);
        Assert.True((bool)kim[0]!["match"]!);
        // A name written exactly, far above the next: a match; a name two actors share: none is.
        Assert.True((bool)Candidates(results, "q6")[0]!["match"]!);
    }

    [Fact]
    public async Task A_name_two_actors_share_matches_neither_without_an_identifier()
    {
        var results = await Reconcile(new JsonObject { ["q0"] = new JsonObject { ["query"] = "Angara" } });

        var candidates = Candidates(results, "q0");
        Assert.Equal(["ANGARA", "ANGARA-2"], candidates.Select(c => (string)c!["id"]!));
        Assert.All(candidates, c => Assert.False((bool)c!["match"]!));
    }

    [Fact]
    public async Task The_same_batch_is_answered_as_a_json_body_and_as_a_get()
    {
        var queries = new JsonObject { ["q0"] = new JsonObject { ["query"] = "최선희" } };
        var reader = await api.As("reader");

        var posted = await (await reader.PostAsync("/api/reconcile", new StringContent(queries.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).Json();
        var got = await (await reader.GetAsync($"/api/reconcile?queries={Uri.EscapeDataString(queries.ToJsonString())}")).Json();

        Assert.Equal("CHOE-SON-HUI", (string?)Candidates(posted, "q0")[0]!["id"]);
        Assert.Equal(posted.ToJsonString(), got.ToJsonString());
    }

    [Fact]
    public async Task Queries_need_a_key()
    {
        var form = new FormUrlEncodedContent([new("queries", """{"q0": {"query": "Kim"}}""")]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().PostAsync("/api/reconcile", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/reconcile?queries=%7B%7D")).StatusCode);
    }

    [Theory]
    [InlineData("not json", "queries")]
    [InlineData("""{"q0": {"query": "Kim", "type": "planet"}}""", "queries.q0.type")]
    [InlineData("""{"q0": {"query": "Kim", "limit": 0}}""", "queries.q0.limit")]
    [InlineData("""{"q0": {"query": "Kim", "properties": [{"pid": "imo", "v": "123"}]}}""", "queries.q0.properties[0].v")]
    [InlineData("""{"q0": {"query": "Kim", "properties": [{"pid": "colour", "v": "red"}]}}""", "queries.q0.properties[0].pid")]
    [InlineData("""{"q0": {"limit": 3}}""", "queries.q0.query")]
    public async Task A_query_the_service_cannot_use_is_a_400_naming_it(string queries, string field)
    {
        var response = await (await api.As("reader")).PostAsync("/api/reconcile", new FormUrlEncodedContent([new("queries", queries)]));

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
    }
}
