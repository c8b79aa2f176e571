using System.Diagnostics;
using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Stream;

/// <summary>A revoked key's streams end, and the key stops working, on every instance within seconds.</summary>
public sealed class RevocationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Revoking_a_key_through_one_instance_ends_its_streams_and_its_access_on_another_well_before_the_cache_would()
    {
        var key = await HttpSteps.NewKey(api.Admin, "reader");
        var keyId = (string)(await (await ApiFixture.Authorized(api.Factory.CreateClient(), key).GetAsync("/api/me")).Json())["id"]!;
        await using var instanceB = api.CreateFactory(api.ConnectionString);
        var onB = ApiFixture.Authorized(instanceB.CreateClient(), key);
        await using var first = await SseConnection.Open(onB, "/api/alerts/stream", seconds: 20);
        await using var second = await SseConnection.Open(onB, "/api/alerts/stream", seconds: 20);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/me")).StatusCode); // B has the key cached now

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{keyId}")).StatusCode); // through A

        Assert.Null(await LastLine(first));
        Assert.Null(await LastLine(second));
        var ended = clock.Elapsed;
        HttpStatusCode status;
        do
        {
            status = (await onB.GetAsync("/api/me")).StatusCode;
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.True(ended < TimeSpan.FromSeconds(5), $"the streams on the other instance ended {ended} after the revocation");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        // The cache keeps a key for 10 s: sooner than that, the notification did it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the other instance still took the key {clock.Elapsed} after its revocation");
        var reconnect = await onB.GetAsync("/api/alerts/stream");
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect.StatusCode);
    }

    [Fact]
    public async Task Revoking_a_key_ends_its_stream_on_the_same_instance_at_once_and_leaves_other_keys_streams_open()
    {
        var key = await HttpSteps.NewKey(api.Admin, "reader");
        var client = ApiFixture.Authorized(api.Factory.CreateClient(), key);
        var keyId = (string)(await (await client.GetAsync("/api/me")).Json())["id"]!;
        var other = await api.As("reader");
        await using var revoked = await SseConnection.Open(client, "/api/alerts/stream", seconds: 20);
        await using var kept = await SseConnection.Open(other, "/api/alerts/stream", seconds: 20);
        Assert.Equal("retry: 3000", await kept.ReadLine());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{keyId}")).StatusCode);

        Assert.Null(await LastLine(revoked));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        // The other key's stream is still open: a new alert of its own reaches it.
        var tag = Bodies.UniqueTag();
        var subscription = (await other.SubscribeToTag(tag)).Id();
        var eventId = (await (await api.As("editor")).Record(tag)).Id();
        var received = await kept.NextEvent();
        Assert.Equal(subscription, (string)received.Json["subscriptionId"]!);
        Assert.Equal(eventId, (string)received.Json["eventId"]!);
    }

    /// <summary>Reads to the end of the stream; null once it has ended (the deadline fails the test otherwise).</summary>
    private static async Task<string?> LastLine(SseConnection stream)
    {
        while (await stream.ReadLine() is not null)
        {
        }

        return null;
    }
}
