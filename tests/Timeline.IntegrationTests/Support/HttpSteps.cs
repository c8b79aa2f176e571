using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Support;

/// <summary>The steps every test area takes over HTTP, written once: asserting a problem, making a key.</summary>
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

    private static async Task<string> NewKey(HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Json())["key"]!;
    }
}
