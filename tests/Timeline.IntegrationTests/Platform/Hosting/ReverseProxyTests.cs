using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// Behind a TLS proxy: forwarded headers believed from the configured proxy only (then HSTS follows the client's
/// HTTPS), and only the configured host names answered (feed links are built from the request's host).
/// </summary>
public sealed class ReverseProxyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<HttpResponseMessage> ForwardedHttps(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> kestrel)
    {
        kestrel.UseKestrel();
        kestrel.StartServer();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return await kestrel.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task HTTPS_forwarded_by_a_configured_proxy_brings_HSTS()
    {
        await using var kestrel = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>(ApiFixture.AnyLoopbackPort)
        {
            ["Timeline:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });

        var response = await ForwardedHttps(kestrel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_not_configured_are_not_believed()
    {
        await using var kestrel = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>(ApiFixture.AnyLoopbackPort)
        {
            ["Timeline:ForwardedHeaders:KnownProxies:0"] = "10.9.8.7",
        });

        var response = await ForwardedHttps(kestrel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS from headers an unknown client sent");
    }

    [Fact]
    public async Task A_host_not_in_AllowedHosts_is_400_and_gets_no_feed_links()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/timelines/any/feed.atom");
        request.Headers.Host = "attacker.example";

        var response = await api.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("attacker.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
