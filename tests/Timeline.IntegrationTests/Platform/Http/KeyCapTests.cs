using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Alerts.Stream;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>Two streams and three subscriptions per key, so that the caps are reached in a test.</summary>
public sealed class CappedFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Limits:StreamsPerKey"] = "2",
        ["Timeline:Limits:SubscriptionsPerKey"] = "3",
    };
}

public sealed class KeyCapTests(CappedFixture api) : IClassFixture<CappedFixture>
{
    [Fact]
    public async Task A_key_past_its_stream_cap_gets_a_429_naming_the_limit_until_one_of_its_streams_closes()
    {
        var key = await HttpSteps.NewKey(api.Admin, "reader");
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), key);
        await using var first = await SseConnection.Open(client, "/api/alerts/stream");
        var second = await SseConnection.Open(client, "/api/alerts/stream");

        var third = await client.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        await AssertLimit(third, HttpStatusCode.TooManyRequests, "Timeline:Limits:StreamsPerKey");
        // Another key is not held to this key's streams.
        await using var others = await SseConnection.Open(await api.As("reader"), "/api/alerts/stream");

        await second.DisposeAsync();
        using var again = await OpenWithin(client, TimeSpan.FromSeconds(5));
        Assert.Equal("text/event-stream", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_past_its_subscription_cap_gets_a_409_naming_the_limit_until_it_deletes_one()
    {
        var key = await HttpSteps.NewKey(api.Admin, "reader");
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), key);
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await client.SubscribeToTag(Bodies.UniqueTag())).Id());
        }

        var refused = await client.PostAsJsonAsync("/api/subscriptions", new { name = "one too many", filter = new { tag = new[] { "x" } } });
        await AssertLimit(refused, HttpStatusCode.Conflict, "Timeline:Limits:SubscriptionsPerKey");
        Assert.Equal(3, JsonNode.Parse(await client.GetStringAsync("/api/subscriptions"))!.AsArray().Count);
        // Each key has its own cap.
        await (await api.As("reader")).SubscribeToTag(Bodies.UniqueTag());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/subscriptions/{made[0]}")).StatusCode);
        await client.SubscribeToTag(Bodies.UniqueTag());
    }

    private static async Task AssertLimit(HttpResponseMessage response, HttpStatusCode status, string limit)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(limit, (string?)problem["limit"]);
        Assert.Contains(limit, (string?)problem["detail"], StringComparison.Ordinal);
    }

    /// <summary>A stream opened as soon as the server has counted a closed one off (it notices the close a moment later).</summary>
    private static async Task<HttpResponseMessage> OpenWithin(HttpClient client, TimeSpan within)
    {
        HttpResponseMessage? opened = null;
        var last = 0;
        await Wait.Eventually(async () =>
        {
            var probe = await client.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
            last = (int)probe.StatusCode;
            if (probe.StatusCode == HttpStatusCode.OK)
            {
                opened = probe;
                return true;
            }

            probe.Dispose();
            return false;
        }, within, TimeSpan.FromMilliseconds(100));
        Assert.True(opened is not null, $"no stream could be opened {within} after one closed: {last}");
        return opened;
    }
}
