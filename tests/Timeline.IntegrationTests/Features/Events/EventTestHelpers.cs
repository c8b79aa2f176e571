using System.Net;
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
}
