using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Events;

/// <summary>Small HTTP helpers shared by the event, actor, idempotency and bad-input tests.</summary>
public static class EventTestHelpers
{
    public static StringContent JsonBody(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static string Serialize(object body) => JsonSerializer.Serialize(body, JsonSerializerOptions.Web);

    /// <summary>Records a valid event and returns its body.</summary>
    public static async Task<JsonObject> Record(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/events", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"recording failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> Patch(HttpClient client, string id, string json, string? ifMatch,
        string mediaType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/events/{id}") { Content = JsonBody(json, mediaType) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> Get(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/events/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>How many events carry the tag, as the timeline query sees them now.</summary>
    public static async Task<int> CountTagged(HttpClient client, string tag)
    {
        var response = await client.GetAsync($"/api/timeline?tag={tag}&limit=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json())["items"]!.AsArray().Count;
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: the status, <c>application/problem+json</c> and, when a field is given,
    /// an <c>errors</c> entry for exactly that JSON path with a non-blank reason (containing <paramref name="reasonContains"/>).
    /// </summary>
    public static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status,
        string? field = null, string? reasonContains = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
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

    /// <summary>A second key of a role, under a name of the test's choosing (the fixture holds one per role).</summary>
    public static async Task<HttpClient> NewKey(ApiFixture api, string name, string role)
    {
        var response = await api.Admin.PostAsJsonAsync("/api/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (string)(await response.Json())["key"]!;
        var client = api.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
