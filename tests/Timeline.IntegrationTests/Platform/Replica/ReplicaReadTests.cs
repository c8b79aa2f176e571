using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Replica;

/// <summary>Queries on the streaming replica, commands on the primary, and the consistency token between them.</summary>
[Collection(ReplicaCollection.Name)]
public sealed class ReplicaReadTests(ReplicaFixture api) : IClassFixture<ReplicaFixture>
{
    private const string Token = "Timeline-Consistency";
    private const string ReadFrom = "Timeline-Read-From";

    [Fact]
    public async Task A_write_answers_a_token_and_a_read_that_sends_it_back_sees_the_write_on_the_replica()
    {
        var editor = await api.As("editor");
        var recorded = await editor.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag(), title: "Recorded, then read on the replica"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var token = Assert.Single(recorded.Headers.GetValues(Token));
        Assert.Matches("^[0-9A-F]{1,8}/[0-9A-F]{1,8}$", token);

        var read = await Get(editor, recorded.Headers.Location!.ToString(), token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Recorded, then read on the replica", (string)(await read.Json())["title"]!);
        Assert.Equal("replica", Assert.Single(read.Headers.GetValues(ReadFrom)));
    }

    [Fact]
    public async Task With_replay_paused_a_read_without_the_token_is_behind_and_one_with_it_is_served_by_the_primary()
    {
        var editor = await api.As("editor");
        // A short wait: the replica will not catch up while paused, however long the read waits.
        await using var impatient = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?> { ["Timeline:Replica:MaxWaitMilliseconds"] = "200" });
        var reader = ApiFixture.Authorized(impatient.CreateClient(), editor.DefaultRequestHeaders.Authorization!.Parameter!);

        string location, token;
        await using (await ReplicaFixture.PauseReplayAsync(api.ConnectionString))
        {
            var recorded = await editor.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag(), title: "Recorded while replay is paused"));
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            location = recorded.Headers.Location!.ToString();
            token = Assert.Single(recorded.Headers.GetValues(Token));

            // Without the token the replica answers as it stands: it has not replayed the write (so reads do go there).
            var behind = await reader.GetAsync(location);
            Assert.Equal(HttpStatusCode.NotFound, behind.StatusCode);
            Assert.Equal("replica", Assert.Single(behind.Headers.GetValues(ReadFrom)));

            // With it, the read waits its 200 ms, then the primary serves it, and the answer says so.
            var served = await Get(reader, location, token);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("Recorded while replay is paused", (string)(await served.Json())["title"]!);
            Assert.Equal("primary", Assert.Single(served.Headers.GetValues(ReadFrom)));

            // Its reasons are for an admin's eyes.
            var body = await ReadinessPoll.UntilAsync(ApiFixture.Authorized(impatient.CreateClient(), ApiFixture.AdminKey), HttpStatusCode.OK,
                b => b.StartsWith("Degraded", StringComparison.Ordinal));
            Assert.StartsWith("Degraded", body, StringComparison.Ordinal);
            Assert.Contains("schema: database reachable, schema current", body, StringComparison.Ordinal);
            Assert.Contains("replica: replay is paused", body, StringComparison.Ordinal);
        }

        // Replay resumed: the same token is now met by the replica.
        var caughtUp = await Get(editor, location, token);
        Assert.Equal(HttpStatusCode.OK, caughtUp.StatusCode);
        Assert.Equal("replica", Assert.Single(caughtUp.Headers.GetValues(ReadFrom)));
    }

    /// <summary>
    /// This fixture waits up to 60 s for the replica to reach a token; a token beyond anything the primary has written
    /// would never be reached, so it is not waited for: the primary serves it at once.
    /// </summary>
    [Fact]
    public async Task A_token_beyond_anything_written_is_served_by_the_primary_without_waiting()
    {
        var editor = await api.As("editor");
        var recorded = await editor.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag(), title: "Read with a forged token"));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var read = await Get(editor, recorded.Headers.Location!.ToString(), "FFFFFFFF/FFFFFFFF");
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Read with a forged token", (string)(await read.Json())["title"]!);
        Assert.Equal("primary", Assert.Single(read.Headers.GetValues(ReadFrom)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the read took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Reads_and_writes_taking_turns_on_one_instance_write_to_the_primary_every_time()
    {
        // The context is pooled: one that served a query on the replica must write to the primary when it is next used
        // (the replica refuses writes: a write routed there would be a 500).
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        for (var i = 0; i < 15; i++)
        {
            var recorded = await editor.PostAsJsonAsync("/api/events", Bodies.Event(tag, title: $"Turn {i}"));
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
            var token = Assert.Single(recorded.Headers.GetValues(Token));
            var page = await Get(editor, $"/api/timeline?tag={tag}&limit=100", token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(i + 1, (await page.Json())["items"]!.AsArray().Count);
            Assert.Equal("replica", Assert.Single(page.Headers.GetValues(ReadFrom)));
        }
    }

    [Fact]
    public async Task Readiness_reports_the_primary_and_the_replica()
    {
        var body = await ReadinessPoll.UntilAsync(api.Admin, HttpStatusCode.OK);
        Assert.StartsWith("Healthy\n", body, StringComparison.Ordinal);
        Assert.Contains("schema: database reachable, schema current", body, StringComparison.Ordinal);
        Assert.Contains("replica: streaming, replayed to ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_that_is_away_leaves_queries_to_the_primary_and_readiness_degraded()
    {
        var editor = await api.As("editor");
        var nothingThere = new Npgsql.NpgsqlConnectionStringBuilder(ReplicaFixture.ReplicaOf(api.ConnectionString)) { Port = ReplicaFixture.FreeLoopbackPort() };
        await using var instance = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?> { ["ConnectionStrings:TimelineReplica"] = nothingThere.ConnectionString });
        var client = ApiFixture.Authorized(instance.CreateClient(), editor.DefaultRequestHeaders.Authorization!.Parameter!);

        var recorded = await client.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag()));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var read = await client.GetAsync(recorded.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("primary", Assert.Single(read.Headers.GetValues(ReadFrom)));

        var body = await ReadinessPoll.UntilAsync(ApiFixture.Authorized(instance.CreateClient(), ApiFixture.AdminKey), HttpStatusCode.OK,
            b => b.StartsWith("Degraded", StringComparison.Ordinal));
        Assert.StartsWith("Degraded", body, StringComparison.Ordinal);
        Assert.Contains("replica: the replica is unreachable", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("0/")]
    [InlineData("/16B3748")]
    [InlineData("123456789/0")]
    [InlineData("0/16B3748, 0/16B3749")]
    public async Task A_malformed_token_is_a_400_problem_naming_the_header(string token)
    {
        var reader = await api.As("reader");
        await HttpSteps.AssertProblem(await Get(reader, "/api/timeline", token), HttpStatusCode.BadRequest, Token);
    }

    [Fact]
    public async Task The_OpenAPI_document_gives_every_read_the_token_header_and_every_write_its_answer()
    {
        var operations = await OpenApiOperations.LoadAsync(api.Anonymous());
        var keyed = operations.Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keyed);
        foreach (var (name, operation) in keyed)
        {
            var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).Select(r => r.Value!).ToList();
            Assert.NotEmpty(success);
            if (name.StartsWith("GET ", StringComparison.Ordinal))
            {
                var token = operation["parameters"]!.AsArray().SingleOrDefault(p => (string?)p!["name"] == Token);
                Assert.True(token is not null && (string?)token["in"] == "header" && (string?)token["schema"]!["pattern"] is { Length: > 0 },
                    $"{name} does not take {Token}");
                Assert.All(success, r => Assert.True(r["headers"]?[ReadFrom] is not null, $"{name} does not answer {ReadFrom}"));
            }
            else
            {
                Assert.All(success, r => Assert.True(r["headers"]?[Token] is not null, $"{name} does not answer {Token}"));
            }
        }
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(Token, token);
        return client.SendAsync(request);
    }
}
