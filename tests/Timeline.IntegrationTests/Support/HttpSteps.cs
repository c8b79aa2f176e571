using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The steps every test area takes over HTTP, written once: recording and amending an event, subscribing, making a key,
/// asserting a problem. Each step requires its success status, so a test reads as what it does; a test about a refusal
/// sends its own request and asserts the problem.
/// </summary>
public static class HttpSteps
{
    /// <summary>
    /// Asserts an RFC 9457 problem: the status, <c>application/problem+json</c>, the body's status and title and, when a
    /// field is given, an <c>errors</c> entry for exactly that JSON path with a non-blank reason (containing
    /// <paramref name="reasonContains"/>).
    /// </summary>
    public static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status,
        string? field = null, string? reasonContains = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), $"a problem without a title: {text}");
        if (field is not null)
        {
            var errors = problem["errors"] as JsonObject;
            Assert.True(errors is not null, $"no errors object: {text}");
            Assert.True(errors.ContainsKey(field), $"errors do not name '{field}': {text}");
            var reasons = errors[field]!.AsArray().Select(r => (string?)r).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
            if (reasonContains is not null)
            {
                Assert.True(reasons.Any(r => r!.Contains(reasonContains, StringComparison.OrdinalIgnoreCase)),
                    $"no reason for '{field}' mentions '{reasonContains}': {text}");
            }
        }

        return problem;
    }

    /// <summary>A new key of a role, made by an admin client; its secret, to use with any instance on the same database.</summary>
    public static async Task<string> NewKey(HttpClient admin, string role) =>
        await NewKey(admin, $"{role}-{Guid.NewGuid():N}"[..30], role);

    /// <summary>A second key of a role, under a name of the test's choosing (the fixture holds one per role), as a client.</summary>
    public static async Task<HttpClient> NewKey(ApiFixture api, string name, string role)
    {
        var client = api.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await NewKey(api.Admin, name, role));
        return client;
    }

    private static async Task<string> NewKey(HttpClient admin, string name, string role) =>
        (string)(await MakeKey(admin, name, role))["key"]!;

    /// <summary>Records an event (201 required) and returns it as the API answered.</summary>
    public static async Task<JsonObject> Record(this HttpClient editor, object body)
    {
        var response = await editor.PostAsJsonAsync("/api/events", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"recording an event answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Records a valid event (<see cref="Bodies.Event"/>) tagged <paramref name="tag"/>, with the date, type, actors, status and title given.</summary>
    public static Task<JsonObject> Record(this HttpClient editor, string tag, string occurred = "2024-10-23", string type = "military.deployment",
        string[]? actors = null, string status = "reported", string title = "DPRK troops reported in Russia") =>
        editor.Record(Bodies.Event(tag, occurred, type, actors, title, status));

    /// <summary>Amends an event with a merge patch, under If-Match of the version it was read at (200 required); returns it amended.</summary>
    public static Task<JsonObject> Amend(this HttpClient editor, JsonObject recorded, object patch) =>
        editor.Amend(recorded.Id(), (int)recorded["version"]!, patch);

    /// <summary>Amends the event <paramref name="id"/> with a merge patch, under If-Match of <paramref name="version"/> (200 required).</summary>
    public static async Task<JsonObject> Amend(this HttpClient editor, string id, int version, object patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/events/{id}")
        {
            Content = JsonContent.Create(patch, mediaType: new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        var response = await editor.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"amending an event answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Subscribes to alerts (201 required); returns the subscription as created (its id, and its secret when it has a webhook).</summary>
    public static async Task<JsonObject> Subscribe(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/subscriptions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"subscribing answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Subscribes to every alert about events tagged <paramref name="tag"/> (of the given kinds, all when none).</summary>
    public static Task<JsonObject> SubscribeToTag(this HttpClient client, string tag, string[]? kinds = null, string? webhookUrl = null)
    {
        var body = new Dictionary<string, object> { ["name"] = "alerts " + tag, ["filter"] = new { tag = new[] { tag } } };
        if (kinds is not null)
        {
            body["kinds"] = kinds;
        }

        if (webhookUrl is not null)
        {
            body["webhookUrl"] = webhookUrl;
        }

        return client.Subscribe(body);
    }

    /// <summary>Makes a key (201 required); returns the answer: its id, name, role and, once only, its secret.</summary>
    public static async Task<JsonObject> MakeKey(HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/keys", new { name, role });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"making a key answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
