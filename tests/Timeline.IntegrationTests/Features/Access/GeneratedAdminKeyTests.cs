using System.Net;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary>Without a configured admin key, a new database gets one, written to a file only its owner can read, and only once.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GeneratedAdminKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_generated_admin_key_is_written_owner_only_and_not_minted_again_once_revoked()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("timeline-admin-key-");
        try
        {
            var first = Path.Combine(directory.FullName, "first", "admin-key");
            await using (var factory = Unconfigured(connectionString, first))
            {
                var anonymous = factory.CreateClient();
                Assert.True(File.Exists(first), "no admin key file was written");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first));
                var key = (await File.ReadAllTextAsync(first)).Trim();
                var me = await ApiFixture.Authorized(anonymous, key).GetAsync("/api/me");
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
                Assert.Equal("admin", (string?)(await me.Json())["role"]);
            }

            // Every admin key revoked: a restart must not hand out a new one.
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var revoke = new NpgsqlCommand("UPDATE timeline.api_keys SET revoked_at = now() WHERE role = 'admin'", connection);
                Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
            }

            var second = Path.Combine(directory.FullName, "second", "admin-key");
            await using (var factory = Unconfigured(connectionString, second))
            {
                Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
                Assert.False(File.Exists(second), "a second admin key was generated");
            }

            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var active = new NpgsqlCommand("SELECT count(*) FROM timeline.api_keys WHERE role = 'admin' AND revoked_at IS NULL", connection);
                Assert.Equal(0L, (long)(await active.ExecuteScalarAsync())!);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Unconfigured(string connectionString, string keyFile) =>
        api.CreateFactory(connectionString).WithWebHostBuilder(b =>
        {
            b.UseSetting("Timeline:AdminKey", "");
            b.UseSetting("Timeline:AdminKeyFile", keyFile);
        });
}
