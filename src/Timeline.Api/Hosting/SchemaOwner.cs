using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Core.Data;

namespace Timeline.Api.Hosting;

/// <summary>
/// With <c>ConnectionStrings:TimelineOwner</c>, the schema's owner migrates (Timeline's tables and Hangfire's) at
/// start, and <c>ConnectionStrings:Timeline</c> is a role that may only read and write them: a request can then never
/// alter or drop a table, whatever it manages to run. Without it, the one role does both, as before.
/// </summary>
public static class SchemaOwner
{
    public const string ConnectionName = "TimelineOwner";

    public static bool Configured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionName));

    public static async Task MigrateAsync(IConfiguration configuration, CancellationToken ct)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName)!;
        await using (var db = new TimelineDbContext(new DbContextOptionsBuilder<TimelineDbContext>().UseTimelineDatabase(connectionString).Options))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.MigrateAsync(ct);
        }

        // Hangfire makes its schema when a storage is made with PrepareSchemaIfNecessary: this one, as the owner, does.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        _ = new PostgreSqlStorage(connection, new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
    }
}
