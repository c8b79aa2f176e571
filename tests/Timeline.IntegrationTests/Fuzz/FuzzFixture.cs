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
        Targets = new FuzzTargets(eventId, await NewFollowUp(eventId), "KP", "fuzz", await NewSubscription(), await NewKey(), "fuzz", await NewClaim());
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
        _ => Targets,
    };

    private async Task<Guid> NewEvent() => (Guid)(await (await As("editor")).Record("fuzz"))["id"]!;

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
