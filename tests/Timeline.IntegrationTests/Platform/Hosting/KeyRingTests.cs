using Microsoft.AspNetCore.Hosting;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>In production the Data Protection key ring (which decrypts webhook secrets) is not kept in clear by accident.</summary>
public sealed class KeyRingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public void Production_without_a_certificate_does_not_start_and_names_the_settings()
    {
        using var factory = api.CreateFactory(api.ConnectionString).WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Chain(failure).Select(e => e.Message));
        Assert.Contains("Timeline:DataProtection:Certificate", messages, StringComparison.Ordinal);
        Assert.Contains("Timeline:DataProtection:AllowUnencryptedKeys", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_told_it_may_keep_the_key_ring_in_clear_starts()
    {
        await using var factory = api.CreateFactory(api.ConnectionString).WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Timeline:DataProtection:AllowUnencryptedKeys", "true");
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}
