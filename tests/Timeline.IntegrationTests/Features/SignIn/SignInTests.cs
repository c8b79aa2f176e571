using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.SignIn;

/// <summary>Sign-in with a real OpenID provider (discovery, keys, code with PKCE, userinfo over HTTP), into a session cookie.</summary>
public sealed class SignInTests(SignInFixture api) : IClassFixture<SignInFixture>
{
    private const string Header = "X-Timeline-Antiforgery";

    private static async Task<JsonObject> Me(HttpClient client)
    {
        var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static HttpRequestMessage Write(HttpMethod method, string path, object? body, string? antiforgery)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (antiforgery is not null)
        {
            request.Headers.Add(Header, antiforgery);
        }

        return request;
    }

    [Fact]
    public async Task An_editor_signs_in_with_the_provider_and_records_an_event_under_their_name()
    {
        var (client, landed, cookies) = await api.SignInAsync("eddie");
        Assert.Equal("/", landed.AbsolutePath);
        Assert.Equal("", landed.Query);

        var me = await Me(client);
        Assert.Equal("person", (string)me["kind"]!);
        Assert.Equal("Eddie Editor", (string)me["name"]!);
        Assert.Equal("editor", (string)me["role"]!);
        var token = (string)me["antiforgery"]!;
        Assert.False(string.IsNullOrEmpty(token));

        // The session is one HttpOnly, SameSite cookie (not Secure: this is loopback), holding no token of the provider's.
        var session = cookies.GetAllCookies().Single(c => c.Name == "timeline.session");
        Assert.True(session.HttpOnly);
        Assert.False(session.Secure);

        var recorded = await client.SendAsync(Write(HttpMethod.Post, "/api/events", Bodies.Event(Bodies.UniqueTag()), token));
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var @event = await recorded.Json();
        Assert.Equal("Eddie Editor", (string)@event["recordedBy"]!);

        // The attribution leads to the person, by id.
        var author = await (await api.Admin.GetAsync("/api/authors/" + Uri.EscapeDataString("Eddie Editor"))).Json();
        Assert.Equal("person", (string)author["kind"]!);
        Assert.Equal((string)me["id"]!, (string)author["id"]!);

        var people = await (await api.Admin.GetAsync("/api/people")).JsonArray();
        var eddie = people.Single(p => (string)p!["id"]! == (string)me["id"]!)!;
        Assert.Equal("eddie@example.org", (string)eddie["email"]!);
        Assert.Equal("editor", (string)eddie["role"]!);
        Assert.NotNull(eddie["firstSeenAt"]);
        Assert.NotNull(eddie["lastSeenAt"]);
    }

    [Fact]
    public async Task A_write_with_the_cookie_but_without_the_pages_header_is_refused()
    {
        var (client, _, _) = await api.SignInAsync("eddie");
        var tag = Bodies.UniqueTag();

        var refused = await client.SendAsync(Write(HttpMethod.Post, "/api/events", Bodies.Event(tag), null));
        var problem = await AssertProblem(refused, HttpStatusCode.Forbidden);
        Assert.Contains(Header, (string)problem["detail"]!, StringComparison.Ordinal);

        // A form, as another site would post one, is refused the same way.
        var form = await client.PostAsync("/api/events", new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "forged" }));
        await AssertProblem(form, HttpStatusCode.Forbidden);
        var found = await (await api.Admin.GetAsync($"/api/timeline?tag={tag}")).Json();
        Assert.Empty(found["items"]!.AsArray());
    }

    [Fact]
    public async Task A_reader_from_the_provider_reads_and_may_not_write()
    {
        var (client, _, _) = await api.SignInAsync("rita");
        var me = await Me(client);
        Assert.Equal("reader", (string)me["role"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/timeline")).StatusCode);

        var refused = await client.SendAsync(Write(HttpMethod.Post, "/api/events", Bodies.Event(Bodies.UniqueTag()), (string)me["antiforgery"]!));
        await AssertProblem(refused, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Two_people_of_one_name_sign_their_records_differently()
    {
        var first = await Me((await api.SignInAsync("kim1")).Client);
        var second = await Me((await api.SignInAsync("kim2")).Client);

        Assert.Equal("Kim Lee", (string)first["name"]!);
        Assert.Equal("Kim Lee (2)", (string)second["name"]!);
        Assert.NotEqual((string)first["id"]!, (string)second["id"]!);
        // Signing in again is the same person, by the provider's sub.
        Assert.Equal((string)first["id"]!, (string)(await Me((await api.SignInAsync("kim1")).Client))["id"]!);
    }

    [Fact]
    public async Task A_role_claim_the_provider_does_not_send_refuses_sign_in_naming_the_claim()
    {
        var (client, landed, _) = await api.SignInAsync("nora");

        Assert.Equal("/", landed.AbsolutePath);
        Assert.Equal("?sign-in=role-claim", landed.Query);
        await AssertProblem(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        Assert.Contains(api.ServedLogs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && e.Message.Contains("no 'roles' claim", StringComparison.Ordinal) && e.Message.Contains("Timeline:Oidc:RoleClaim", StringComparison.Ordinal));
        var audit = await (await api.Admin.GetAsync("/api/audit")).Json();
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["action"]! == "sign-in.failed"
            && ((string)e["detail"]!).Contains("'roles'", StringComparison.Ordinal));
        var options = await (await api.Anonymous().GetAsync("/signin/options")).Json();
        Assert.Equal("roles", (string)options["roleClaim"]!);
        Assert.Equal("Test Provider", (string)options["provider"]!);
    }

    [Fact]
    public async Task A_role_an_admin_sets_by_hand_counts_at_once_and_outlives_the_next_sign_in_until_given_back()
    {
        var (client, _, _) = await api.SignInAsync("rita");
        var me = await Me(client);
        var id = (string)me["id"]!;

        // Over HTTP, as an admin's browser would: the audit log keeps the address.
        var admin = ApiFixture.Authorized(new HttpClient { BaseAddress = api.Served }, ApiFixture.AdminKey);
        var raised = await admin.PutAsJsonAsync($"/api/people/{id}/role", new { role = "editor" });
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal("editor", (string)(await raised.Json())["role"]!);
        // The session already open acts as an editor now.
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(
            Write(HttpMethod.Post, "/api/events", Bodies.Event(Bodies.UniqueTag()), (string)me["antiforgery"]!))).StatusCode);
        // The provider still says reader; signing in again keeps the role set by hand.
        Assert.Equal("editor", (string)(await Me((await api.SignInAsync("rita")).Client))["role"]!);

        var givenBack = await admin.PutAsJsonAsync($"/api/people/{id}/role", new { role = (string?)null });
        Assert.Equal("reader", (string)(await givenBack.Json())["role"]!);
        Assert.Equal("reader", (string)(await Me(client))["role"]!);

        var audit = await (await api.Admin.GetAsync("/api/audit")).Json();
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["action"]! == "person.role-changed" && (string)e["targetId"]! == id
            && (string)e["by"]! == "admin" && (string)e["address"]! is { Length: > 0 });
        await AssertProblem(await api.Admin.PutAsJsonAsync($"/api/people/{id}/role", new { role = "owner" }), HttpStatusCode.BadRequest, "role");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_its_cookie()
    {
        var (client, _, cookies) = await api.SignInAsync("eddie");
        var token = (string)(await Me(client))["antiforgery"]!;
        var copied = cookies.GetCookieHeader(api.Served);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Write(HttpMethod.Post, "/signout", null, token))).StatusCode);

        await AssertProblem(await client.SendAsync(Write(HttpMethod.Post, "/api/events", Bodies.Event(Bodies.UniqueTag()), token)),
            HttpStatusCode.Unauthorized);
        var (other, _) = api.Browser();
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        replay.Headers.Add("Cookie", copied);
        await AssertProblem(await other.SendAsync(replay), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_person_mints_personal_keys_up_to_their_role_and_sees_only_their_own()
    {
        var (client, _, _) = await api.SignInAsync("eddie");
        var me = await Me(client);
        var token = (string)me["antiforgery"]!;
        var name = $"eddie-script-{Guid.NewGuid():N}"[..24];

        await AssertProblem(await client.SendAsync(Write(HttpMethod.Post, "/api/me/keys", new { name, role = "admin" }, token)),
            HttpStatusCode.BadRequest, "role", "at most your own role");
        var minted = await client.SendAsync(Write(HttpMethod.Post, "/api/me/keys", new { name, role = "editor" }, token));
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        var key = await minted.Json();

        var mine = await (await client.GetAsync("/api/me/keys")).JsonArray();
        Assert.Equal([name], mine.Select(k => (string)k!["name"]!));
        var listed = (await (await api.Admin.GetAsync("/api/keys")).JsonArray()).Single(k => (string)k!["name"]! == name)!;
        Assert.Equal((string)me["id"]!, (string)listed["personId"]!);

        // The key works for scripts as any key does; its records carry its own name.
        var script = ApiFixture.Authorized(api.Anonymous(), (string)key["key"]!);
        Assert.Equal(name, (string)(await (await script.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag()))).Json())["recordedBy"]!);

        // Someone else's personal keys are not theirs to see or revoke.
        var (rita, _, _) = await api.SignInAsync("rita");
        Assert.Empty(await (await rita.GetAsync("/api/me/keys")).JsonArray());
        await AssertProblem(await rita.SendAsync(Write(HttpMethod.Delete, $"/api/me/keys/{key["id"]}", null, (string)(await Me(rita))["antiforgery"]!)),
            HttpStatusCode.NotFound);
        // A key holder is no person: personal keys are minted by people.
        await AssertProblem(await script.GetAsync("/api/me/keys"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Write(HttpMethod.Delete, $"/api/me/keys/{key["id"]}", null, token))).StatusCode);
    }

    [Fact]
    public async Task Admins_read_the_audit_log_and_others_may_not()
    {
        var (client, _, _) = await api.SignInAsync("ada");
        var me = await Me(client);
        Assert.Equal("admin", (string)me["role"]!);
        var audit = await (await client.GetAsync("/api/audit?limit=500")).Json();
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["action"]! == "person.first-seen" && (string)e["byId"]! == (string)me["id"]!);

        var reader = await api.As("reader");
        await AssertProblem(await reader.GetAsync("/api/audit"), HttpStatusCode.Forbidden);
        await AssertProblem(await reader.GetAsync("/api/people"), HttpStatusCode.Forbidden);
        await AssertProblem(await api.Admin.GetAsync("/api/audit?cursor=abc"), HttpStatusCode.BadRequest, "cursor");
    }
}
