using System.Net;
using System.Net.Http.Headers;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary>Three unknown keys per client address, and no more for an hour.</summary>
public sealed class TightAddressLimitFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:RateLimits:PerAddress:TokenLimit"] = "3",
        ["Timeline:RateLimits:PerAddress:TokensPerPeriod"] = "1",
        ["Timeline:RateLimits:PerAddress:PeriodSeconds"] = "3600",
    };
}

public sealed class UnknownKeyTests(TightAddressLimitFixture api) : IClassFixture<TightAddressLimitFixture>
{
    /// <summary>
    /// Authentication runs before the rate limiter (which needs the key to choose a bucket): an address that has used
    /// up its unknown keys must not make the database look up every further guess.
    /// </summary>
    [Fact]
    public async Task Once_an_address_has_used_up_its_unknown_keys_further_guesses_cost_no_query()
    {
        using var statements = new StatementLog(api.ConnectionString);
        var statuses = new List<HttpStatusCode>();
        for (var guess = 0; guess < 23; guess++)
        {
            var client = api.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"tl_guess-{guess:D3}-0123456789abcdefghijklmnopqrstuvw");
            var response = await client.GetAsync("/api/timelines");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("Timeline:RateLimits:PerAddress", (string?)(await response.Json())["limit"]);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 3), statuses.Take(3));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.True(statements.Count("key_hash") <= 3, $"{statements.Count("key_hash")} look-ups by key_hash for 23 guesses");
        // The listener does see the look-ups it counts: the first three guesses were looked up.
        Assert.True(statements.Count("key_hash") >= 1, "no look-up by key_hash seen at all");
    }
}

public sealed class MalformedKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("tl_short")]
    [InlineData("x")]
    [InlineData(null)]
    public async Task A_credential_no_key_could_be_is_401_without_a_query(string? credential)
    {
        credential ??= "tl_" + new string('a', 600);
        using var statements = new StatementLog(api.ConnectionString);
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);

        var response = await client.GetAsync("/api/timelines");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, statements.Count("key_hash"));
    }

    [Fact]
    public async Task A_well_formed_unknown_key_is_looked_up_and_401()
    {
        using var statements = new StatementLog(api.ConnectionString);
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "tl_unknown-0123456789abcdefghijklmnopqrstuvwxyz");

        var response = await client.GetAsync("/api/timelines");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, statements.Count("key_hash"));
    }
}
