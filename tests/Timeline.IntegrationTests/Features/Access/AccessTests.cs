using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Access;

public sealed class AccessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string AnyId = Guid.NewGuid().ToString();

    /// <summary>Every /api route that exists now, with a body where it takes one.</summary>
    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/api/events/" + AnyId },
        { "POST", "/api/events" },
        { "PATCH", "/api/events/" + AnyId },
        { "POST", $"/api/events/{AnyId}/retraction" },
        { "GET", $"/api/events/{AnyId}/revisions" },
        { "GET", "/api/timeline" },
        { "GET", "/api/timeline?actor=KP&order=desc" },
        { "GET", "/api/actors" },
        { "POST", "/api/actors" },
        { "GET", "/api/actors/KP" },
        { "GET", "/api/timelines" },
        { "POST", "/api/timelines" },
        { "GET", "/api/timelines/some-timeline" },
        { "GET", "/api/timelines/some-timeline/events" },
        { "GET", "/api/keys" },
        { "POST", "/api/keys" },
        { "GET", "/api/keys/" + AnyId },
        { "DELETE", "/api/keys/" + AnyId },
    };

    /// <summary>The rest of the table's routes (follow-ups, subscriptions, alerts, the stream, the feed) and the job dashboard.</summary>
    public static TheoryData<string, string> LaterRoutes() => new()
    {
        { "POST", $"/api/events/{AnyId}/follow-ups" },
        { "GET", "/api/follow-ups?status=open" },
        { "POST", $"/api/follow-ups/{AnyId}/fulfilment" },
        { "POST", $"/api/follow-ups/{AnyId}/cancellation" },
        { "GET", "/api/subscriptions" },
        { "POST", "/api/subscriptions" },
        { "DELETE", $"/api/subscriptions/{AnyId}" },
        { "GET", $"/api/subscriptions/{AnyId}/deliveries" },
        { "POST", $"/api/subscriptions/{AnyId}/deliveries/{AnyId}/redelivery" },
        { "GET", "/api/alerts" },
        { "GET", "/api/alerts/stream" },
        { "GET", "/api/timelines/some-timeline/feed.atom" },
    };

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("""{"title":"x"}""", Encoding.UTF8, method == "PATCH" ? "application/merge-patch+json" : "application/json");
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_key_every_api_route_is_401_problem(string method, string path)
    {
        using var request = Request(method, path);
        var response = await api.Anonymous().SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_an_unknown_key_every_api_route_is_401_problem(string method, string path)
    {
        using var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "tl_not-a-real-key-" + Guid.NewGuid().ToString("N"));
        var response = await api.Anonymous().SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(LaterRoutes))]
    public async Task Without_a_key_the_other_api_routes_are_401_problem_too(string method, string path)
    {
        using var request = Request(method, path);
        var response = await api.Anonymous().SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_job_dashboard_is_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.As("reader")).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.As("editor")).GetAsync("/hangfire")).StatusCode);
        var admin = await api.Admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("text/html", admin.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_path_under_api_reveals_nothing_without_a_key()
    {
        await AssertProblem(await api.Anonymous().GetAsync("/api/no-such-thing"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_key_in_the_wrong_scheme_is_401(string method, string path)
    {
        using var request = Request(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + ApiFixture.AdminKey)));
        var response = await api.Anonymous().SendAsync(request);

        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_reader_may_not_write_and_gets_403_problems()
    {
        var editor = await api.As("editor");
        var e = await editor.Record(Bodies.UniqueTag(), "2024-10-23");
        var reader = await api.As("reader");

        await AssertProblem(await reader.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag())), HttpStatusCode.Forbidden);
        await AssertProblem(await reader.PostAsJsonAsync("/api/actors", new { code = "JP", name = "Japan", kind = "state" }), HttpStatusCode.Forbidden);
        await AssertProblem(await reader.PostAsJsonAsync("/api/timelines", new { slug = "reader-" + Guid.NewGuid().ToString("N")[..8], title = "x", filter = new { } }), HttpStatusCode.Forbidden);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/events/{e.Id()}")
        {
            Content = new StringContent("""{"title":"Changed by a reader"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await AssertProblem(await reader.SendAsync(patch), HttpStatusCode.Forbidden);
        await AssertProblem(await reader.PostAsJsonAsync($"/api/events/{e.Id()}/retraction", new { reason = "reader says so" }), HttpStatusCode.Forbidden);
        await AssertProblem(await reader.GetAsync("/api/keys"), HttpStatusCode.Forbidden);

        // Nothing changed.
        var read = await (await reader.GetAsync($"/api/events/{e.Id()}")).Json();
        Assert.Equal(1, (int)read["version"]!);
        Assert.Equal("reported", (string?)read["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/actors/JP")).StatusCode);
    }

    [Fact]
    public async Task An_editor_may_not_manage_keys_and_gets_403_problems()
    {
        var editor = await api.As("editor");
        var keys = await (await api.Admin.GetAsync("/api/keys")).JsonArray();
        var someKeyId = (string)keys[0]!["id"]!;

        await AssertProblem(await editor.GetAsync("/api/keys"), HttpStatusCode.Forbidden);
        await AssertProblem(await editor.PostAsJsonAsync("/api/keys", new { name = "sneaky-" + Guid.NewGuid().ToString("N")[..8], role = "admin" }), HttpStatusCode.Forbidden);
        await AssertProblem(await editor.DeleteAsync($"/api/keys/{someKeyId}"), HttpStatusCode.Forbidden);

        var after = await (await api.Admin.GetAsync("/api/keys")).JsonArray();
        Assert.Contains(after, k => (string?)k!["id"] == someKeyId);
        Assert.DoesNotContain(after, k => ((string)k!["name"]!).StartsWith("sneaky-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reader_may_read_everything()
    {
        var editor = await api.As("editor");
        var e = await editor.Record(Bodies.UniqueTag(), "2024-10-23");
        var slug = "readable-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Readable", filter = new { } })).StatusCode);
        var reader = await api.As("reader");

        foreach (var path in new[]
        {
            $"/api/events/{e.Id()}", $"/api/events/{e.Id()}/revisions", "/api/timeline", "/api/actors", "/api/actors/KP",
            "/api/timelines", $"/api/timelines/{slug}", $"/api/timelines/{slug}/events",
        })
        {
            var response = await reader.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"reader GET {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_editor_may_write_and_recordedBy_is_the_key_name()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var e = await editor.Record(Bodies.Event(tag));
        Assert.Equal("editor-key", (string?)e["recordedBy"]);

        await editor.Amend(e, new { title = "Amended by the editor" });
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/events/{e.Id()}/retraction", new { reason = "withdrawn" })).StatusCode);

        var code = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var actor = await editor.PostAsJsonAsync("/api/actors", new { code, name = "Editor's actor", kind = "organisation" });
        Assert.Equal(HttpStatusCode.Created, actor.StatusCode);

        var timeline = await editor.PostAsJsonAsync("/api/timelines", new { slug = "editor-" + Guid.NewGuid().ToString("N")[..8], title = "Editor's", filter = new { } });
        Assert.Equal(HttpStatusCode.Created, timeline.StatusCode);
        Assert.Equal("editor-key", (string?)(await timeline.Json())["createdBy"]);
    }

    [Fact]
    public async Task An_admin_creates_a_key_shown_once_that_works_with_its_role_until_revoked()
    {
        var name = "analyst-" + Guid.NewGuid().ToString("N")[..8];
        var created = await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "editor" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var secret = (string)body["key"]!;
        var id = (string)body["id"]!;
        Assert.Equal(name, (string?)body["name"]);
        Assert.Equal("editor", (string?)body["role"]);
        Assert.False(string.IsNullOrWhiteSpace(secret));
        Assert.NotNull(created.Headers.Location);

        // The list shows the key, never its secret.
        var list = await api.Admin.GetAsync("/api/keys");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var text = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiFixture.AdminKey, text, StringComparison.Ordinal);
        var keys = JsonNode.Parse(text)!.AsArray();
        var listed = Assert.Single(keys, k => (string?)k!["id"] == id)!.AsObject();
        Assert.Equal(name, (string?)listed["name"]);
        Assert.Equal("editor", (string?)listed["role"]);
        Assert.False(listed.ContainsKey("key"));
        Assert.All(keys, k => Assert.False(k!.AsObject().ContainsKey("key")));

        // It works with its role: an editor records (as itself), but may not manage keys.
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), secret);
        var recorded = await client.Record(Bodies.UniqueTag(), "2024-10-23");
        Assert.Equal(name, (string?)recorded["recordedBy"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/keys")).StatusCode);

        // Revoked: 401 from then on, and gone from the list.
        var revoked = await api.Admin.DeleteAsync($"/api/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await AssertProblem(await client.GetAsync("/api/timeline"), HttpStatusCode.Unauthorized);
        await AssertProblem(await client.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag())), HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(await (await api.Admin.GetAsync("/api/keys")).JsonArray(), k => (string?)k!["id"] == id);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.DeleteAsync($"/api/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_new_reader_key_reads_but_may_not_write()
    {
        var name = "reader-" + Guid.NewGuid().ToString("N")[..8];
        var created = await HttpSteps.MakeKey(api.Admin, name, "reader");
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), (string)created["key"]!);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/timeline")).StatusCode);
        await AssertProblem(await client.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag())), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_new_admin_key_manages_keys()
    {
        var name = "admin2-" + Guid.NewGuid().ToString("N")[..8];
        var created = await HttpSteps.MakeKey(api.Admin, name, "admin");
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), (string)created["key"]!);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/keys")).StatusCode);
        await HttpSteps.MakeKey(client, name + "-child", "reader");
        var recorded = await client.Record(Bodies.UniqueTag(), "2024-10-23");
        Assert.Equal(name, (string?)recorded["recordedBy"]);
    }

    [Fact]
    public async Task Creating_keys_with_the_same_name_concurrently_creates_one_and_answers_409_to_the_rest()
    {
        var name = "racer-" + Guid.NewGuid().ToString("N")[..8];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "reader" })));

        var codes = responses.Select(r => (int)r.StatusCode).Order().ToArray();
        Assert.True(codes.Count(c => c == 201) == 1 && codes.Count(c => c == 409) == 7, $"answers: {string.Join(", ", codes)}");
        var keys = await (await api.Admin.GetAsync("/api/keys")).JsonArray();
        Assert.Single(keys, k => (string?)k!["name"] == name);
    }

    [Fact]
    public async Task A_second_key_with_a_taken_name_is_409_and_so_is_a_revoked_keys_name_which_its_records_still_carry()
    {
        var name = "reused-" + Guid.NewGuid().ToString("N")[..8];
        var first = await HttpSteps.MakeKey(api.Admin, name, "reader");

        var again = await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "editor" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{first["id"]}")).StatusCode);
        // A name is an attribution: given again, the new key would take over the revoked one's records.
        var reused = await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "editor" });
        await AssertProblem(reused, HttpStatusCode.Conflict);
        var old = ApiFixture.Authorized(api.Factory.CreateClient(), (string)first["key"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/timeline")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_configured_admin_key_stays_revoked_when_the_api_starts_again()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var first = api.CreateFactory(connectionString);
        var configured = ApiFixture.Authorized(first.CreateClient(), ApiFixture.AdminKey);
        var created = await HttpSteps.MakeKey(configured, "ops-admin", "admin");
        var ops = ApiFixture.Authorized(first.CreateClient(), (string)created["key"]!);
        var keys = await (await ops.GetAsync("/api/keys")).JsonArray();
        var bootstrap = Assert.Single(keys, k => (string?)k!["name"] == "admin")!;
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/api/keys/{bootstrap["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await configured.GetAsync("/api/keys")).StatusCode);

        // The same configuration starts the API again: it comes up, and the revocation holds.
        await using var again = api.CreateFactory(connectionString);
        var client = again.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiFixture.Authorized(again.CreateClient(), ApiFixture.AdminKey).GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiFixture.Authorized(again.CreateClient(), (string)created["key"]!).GetAsync("/api/keys")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name": "no-role"}""")]
    [InlineData("""{"name": "bad-role", "role": "superuser"}""")]
    [InlineData("""{"name": "has space", "role": "reader"}""")]
    [InlineData("""{"role": "reader"}""")]
    public async Task A_bad_key_request_is_400(string body)
    {
        var response = await api.Admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs")]
    public async Task Health_the_OpenAPI_document_and_the_docs_answer_without_a_key(string path)
    {
        var response = await api.Anonymous().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
