using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// The API with the OpenAPI document it serves, a key of every role, and one of each thing a path can name.
/// Rate limits are lifted (the walk sends thousands of requests from one key); webhook addresses are guarded as in
/// production, so that no subscription the walk makes points anywhere real.
/// </summary>
public sealed class FuzzFixture : ApiFixture
{
    public static readonly string[] Roles = ["admin", "editor", "reader", "anonymous"];

    public ApiDocument Document { get; private set; } = null!;

    public FuzzTargets Targets { get; private set; } = null!;

    /// <summary>The bearer key of each role; none for anonymous.</summary>
    public Dictionary<string, string?> Keys { get; } = [];

    public HttpClient Client { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Webhooks:AllowPrivateAddresses"] = "false",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Client = Anonymous();
        var document = await Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Document = new ApiDocument((await document.Content.ReadFromJsonAsync<JsonObject>())!);

        Keys["admin"] = AdminKey;
        Keys["anonymous"] = null;
        foreach (var role in new[] { "editor", "reader" })
        {
            Keys[role] = (await As(role)).DefaultRequestHeaders.Authorization!.Parameter;
        }

        var eventId = await NewEvent();
        Assert.Equal(HttpStatusCode.Created, (await (await As("editor")).PostAsJsonAsync("/api/timelines", new { slug = "fuzz", title = "Fuzz", filter = new { actor = new[] { "KP" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await (await As("editor")).PostAsJsonAsync("/api/measures", new { code = "fuzz", name = "Fuzz", unit = "persons" })).StatusCode);
        var watchId = await NewWatch();
        Targets = new FuzzTargets(eventId, await NewFollowUp(eventId), "KP", "fuzz", await NewSubscription(), await NewKey(), "fuzz", await NewClaim(),
            watchId, await NewLead(watchId), eventId, await NewPlace());
    }

    /// <summary>
    /// The targets of one request. An operation that uses its target up (amends, retracts, closes or removes it) gets
    /// a new one each time, so that every request meets the state a client would and no test depends on another.
    /// </summary>
    public async Task<FuzzTargets> TargetsFor(ApiOperation operation) => (operation.Method, operation.Path) switch
    {
        ("PATCH", "/api/events/{id}") or ("POST", "/api/events/{id}/retraction") => Targets with { EventId = await NewEvent() },
        // On an event of its own: the shared event, which the body names, may fulfil it (an event cannot fulfil its own).
        ("POST", "/api/follow-ups/{id}/fulfilment" or "/api/follow-ups/{id}/cancellation") => Targets with { FollowUpId = await NewFollowUp(await NewEvent()) },
        ("DELETE", "/api/subscriptions/{id}") => Targets with { SubscriptionId = await NewSubscription() },
        ("DELETE", "/api/keys/{id}") => Targets with { KeyId = await NewKey() },
        ("POST", "/api/claims/{id}/retraction") => Targets with { ClaimId = await NewClaim() },
        // The body names the shared event; the path's is one of its own, which duplicate-of retracts.
        ("POST", "/api/events/{id}/distinct-from" or "/api/events/{id}/duplicate-of") => Targets with { EventId = await NewEvent() },
        // An amendment's If-Match is a first version's ETag.
        ("PATCH", "/api/places/{code}") => Targets with { PlaceCode = await NewPlace() },
        ("DELETE", "/api/watches/{id}") => Targets with { WatchId = await NewWatch() },
        ("POST", "/api/leads/{id}/acceptance" or "/api/leads/{id}/attachment" or "/api/leads/{id}/dismissal") => Targets with { LeadId = await NewLead(Targets.WatchId) },
        _ => Targets,
    };

    private async Task<Guid> NewEvent() => (Guid)(await (await As("editor")).Record("fuzz"))["id"]!;

    /// <summary>
    /// A watch of a loopback address, as a row of its own: this fixture keeps private addresses out, so the API would refuse
    /// it, and a check of it is refused at the connection — nothing leaves the machine.
    /// </summary>
    private async Task<Guid> NewWatch()
    {
        var id = Guid.CreateVersion7();
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = new Npgsql.NpgsqlCommand(
            """
            INSERT INTO timeline.watches (id, name, url, every, every_seconds, include, exclude, created_at, created_by, next_check_at, failures)
            VALUES (@id, 'fuzz', 'http://127.0.0.1:9/fuzz-feed', 'PT15M', 900, '{}', '{}', now(), 'fuzz', now() + interval '1 day', 0)
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>A lead as a check records it (a row of its own: no feed is served here), new, naming KP, with a link.</summary>
    private async Task<Guid> NewLead(Guid watchId)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var insert = new Npgsql.NpgsqlCommand(
            """
            INSERT INTO timeline.leads (id, watch_id, item_id, url, title, text, found_at, status, changed, actors, previous, version, updated_at, updated_by)
            VALUES (@id, @watch, @item, @url, 'Fuzz lead', 'A lead the fuzz walk triages.', now(), 'new', false, '{KP}', '[]', 1, now(), 'watch')
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("watch", watchId);
        insert.Parameters.AddWithValue("item", "urn:fuzz:" + id);
        insert.Parameters.AddWithValue("url", $"https://example.org/fuzz-lead/{id}");
        await insert.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>A city with a point, which event places and the place paths name.</summary>
    private async Task<string> NewPlace()
    {
        var code = $"fuzz-{Guid.NewGuid():N}"[..20];
        var recorded = await (await As("editor")).PostAsJsonAsync("/api/places", new { code, name = "Fuzz place", kind = "city", point = new[] { 131.886, 43.115 } });
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, $"setup failed: {(int)recorded.StatusCode} {await recorded.Content.ReadAsStringAsync()}");
        return code;
    }

    private async Task<Guid> NewClaim() => await IdOf(await (await As("editor")).PostAsJsonAsync("/api/measures/fuzz/claims",
        new { value = 200, qualifier = "about", asOf = "2024-10-23", source = new { url = "https://example.org/fuzz", title = "Fuzz" } }));

    private async Task<Guid> NewFollowUp(Guid eventId) =>
        await IdOf(await (await As("editor")).PostAsJsonAsync($"/api/events/{eventId}/follow-ups", new { description = "Imagery released", due = "2024-11" }));

    // The reader's, so that the reader and admins may reach it and the editor may not.
    private async Task<Guid> NewSubscription() =>
        (Guid)(await (await As("reader")).Subscribe(new { name = "fuzz", timeline = "fuzz" }))["id"]!;

    // Never one the walk sends: revoking that would turn the rest of the walk into 401s.
    private async Task<Guid> NewKey() =>
        (Guid)(await HttpSteps.MakeKey(Admin, $"fuzz-revocable-{Guid.NewGuid():N}", "reader"))["id"]!;

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"setup failed: {(int)response.StatusCode} {text}");
        return (Guid)JsonNode.Parse(text)!["id"]!;
    }
}
