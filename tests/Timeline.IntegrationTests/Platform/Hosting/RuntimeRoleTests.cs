using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// The API at work on a database role that may read and write the tables but not alter them: the schema owner's
/// connection (<c>ConnectionStrings:TimelineOwner</c>) migrates at start, and nothing else does.
/// </summary>
public sealed class RuntimeRoleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task With_the_owner_migrating_the_API_works_as_a_role_that_cannot_alter_the_schema()
    {
        var owner = await ApiFixture.CreateDatabaseAsync();
        var role = "timeline_runtime_" + Guid.NewGuid().ToString("N")[..10];
        var superuser = new NpgsqlConnectionStringBuilder(owner) { Username = "postgres", Password = null }.ConnectionString;
        await Execute(superuser, $"CREATE ROLE {role} LOGIN PASSWORD '{role}'");
        // What docker-compose's database does once (script/compose/runtime-role.sh), here as the owner of the test database.
        await Execute(owner, $"""
            CREATE SCHEMA timeline; CREATE SCHEMA hangfire;
            GRANT USAGE ON SCHEMA timeline, hangfire TO {role};
            ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role};
            """);
        var runtime = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = role }.ConnectionString;

        await using var factory = api.CreateFactory(runtime, settings: new Dictionary<string, string?> { ["ConnectionStrings:TimelineOwner"] = owner });
        var admin = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
        var key = await HttpSteps.MakeKey(admin, "runtime-editor", "editor");
        var editor = ApiFixture.Authorized(factory.CreateClient(), (string)key["key"]!);
        foreach (var code in new[] { "KP", "RU" })
        {
            Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "state" })).StatusCode);
        }

        await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire/recurring")).StatusCode);

        // The role it runs as reads and writes, and cannot change the schema.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(runtime, "ALTER TABLE timeline.events ADD COLUMN intruder int"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        var dropped = await Assert.ThrowsAsync<PostgresException>(() => Execute(runtime, "DROP TABLE timeline.changes"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, dropped.SqlState);
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
