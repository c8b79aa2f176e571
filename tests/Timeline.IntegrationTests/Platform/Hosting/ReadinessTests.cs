using System.Net;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>Readiness is checked in the background and served from that; only an admin key is told why.</summary>
public sealed class ReadinessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Anyone_gets_the_status_word_and_an_admin_also_the_reasons()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var factory = api.CreateFactory(connectionString);
        var anonymous = factory.CreateClient();
        var reader = ApiFixture.Authorized(factory.CreateClient(), await HttpSteps.NewKey(ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey), "reader"));
        var admin = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);
        Assert.Equal("Healthy", await ReadinessPoll.UntilAsync(anonymous, HttpStatusCode.OK));

        var missing = await ForgetLastMigrationAsync(connectionString);

        Assert.Equal("Unhealthy", await ReadinessPoll.UntilAsync(anonymous, HttpStatusCode.ServiceUnavailable));
        Assert.Equal("Unhealthy", await ReadinessPoll.UntilAsync(reader, HttpStatusCode.ServiceUnavailable));
        Assert.Equal($"Unhealthy\nschema: 1 migration(s) not applied: {missing}", await ReadinessPoll.UntilAsync(admin, HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Asking_costs_no_check_it_is_answered_from_the_last_background_check()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        // The one check at start, then none for an hour.
        await using var factory = api.CreateFactory(connectionString, settings: new Dictionary<string, string?> { ["Timeline:Readiness:IntervalSeconds"] = "3600" });
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        await ForgetLastMigrationAsync(connectionString);

        // Checked on each request, these would be 503s.
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => anonymous.GetAsync("/health/ready")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }

    private static async Task<string> ForgetLastMigrationAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand(
            """
            DELETE FROM timeline.__ef_migrations_history
            WHERE migration_id = (SELECT max(migration_id) FROM timeline.__ef_migrations_history) RETURNING migration_id
            """, connection);
        return (string)(await delete.ExecuteScalarAsync())!;
    }
}
