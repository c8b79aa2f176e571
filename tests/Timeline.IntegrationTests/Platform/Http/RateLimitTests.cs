using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>
/// Requests are rate-limited by a token bucket per API key, and more strictly per client address without a valid key:
/// past it a 429 with Retry-After and a problem naming the limit. The fixture's limits are far higher; these tests set low ones.
/// </summary>
public sealed class RateLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Limited(int perKey, int perAddress) =>
        api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Timeline:RateLimits:PerKey:TokenLimit"] = perKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Timeline:RateLimits:PerKey:TokensPerPeriod"] = "1",
            ["Timeline:RateLimits:PerKey:PeriodSeconds"] = "60",
            ["Timeline:RateLimits:PerAddress:TokenLimit"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Timeline:RateLimits:PerAddress:TokensPerPeriod"] = "1",
            ["Timeline:RateLimits:PerAddress:PeriodSeconds"] = "60",
        });

    [Fact]
    public async Task A_key_past_its_bucket_is_429_with_Retry_After_naming_the_limit()
    {
        await using var factory = Limited(perKey: 3, perAddress: 100);
        var client = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/timeline")).StatusCode);
        }

        var refused = await client.GetAsync("/api/timeline");

        var problem = await AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("Timeline:RateLimits:PerKey", (string?)problem["limit"]);
        Assert.Contains("Timeline:RateLimits:PerKey", (string?)problem["detail"], StringComparison.Ordinal);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task Each_key_has_its_own_bucket()
    {
        await using var factory = Limited(perKey: 2, perAddress: 100);
        var admin = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);
        var created = await (await admin.PostAsync("/api/keys", JsonBody("""{"name": "own-bucket", "role": "reader"}"""))).Json();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/api/timeline")).StatusCode);

        var other = ApiFixture.Authorized(factory.CreateClient(), (string)created["key"]!);

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/timeline")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_share_the_addresss_stricter_bucket()
    {
        await using var factory = Limited(perKey: 100, perAddress: 2);
        var anonymous = factory.CreateClient();
        var guessing = ApiFixture.Authorized(factory.CreateClient(), "tl_a-guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guessing.GetAsync("/api/timeline")).StatusCode);
        var refused = await guessing.GetAsync("/api/timeline");

        var problem = await AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("Timeline:RateLimits:PerAddress", (string?)problem["limit"]);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // A valid key is counted on its own bucket, not the address's.
        var admin = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/timeline")).StatusCode);
    }

    [Fact]
    public async Task Health_checks_are_never_throttled()
    {
        await using var factory = Limited(perKey: 1, perAddress: 1);
        var anonymous = factory.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        }
    }
}
