using Microsoft.Extensions.Options;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary>A configured admin key shorter than 32 characters is refused at start-up: a guessable admin key is every key.</summary>
public sealed class AdminKeyLengthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("tl_short")]
    [InlineData("tl_0123456789012345678901234567")] // 31 characters
    public async Task The_API_does_not_start_with_a_short_admin_key(string key)
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var factory = api.CreateFactory(connectionString).WithWebHostBuilder(b => b.UseSetting("Timeline:AdminKey", key));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var refusal = Assert.IsType<OptionsValidationException>(Unwrap(failure));
        Assert.Contains("Timeline:AdminKey", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("at least 32 characters", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_of_32_characters_starts_and_works()
    {
        const string key = "tl_01234567890123456789012345678"; // 32 characters
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var factory = api.CreateFactory(connectionString).WithWebHostBuilder(b => b.UseSetting("Timeline:AdminKey", key));

        var client = ApiFixture.Authorized(factory.CreateClient(), key);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/keys")).StatusCode);
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is not OptionsValidationException && e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
