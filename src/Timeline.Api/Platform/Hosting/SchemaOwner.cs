using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Hosting;

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
        var options = new DbContextOptionsBuilder<TimelineDbContext>();
        options.UseTimelineDatabase(connectionString);
        await using (var db = new TimelineDbContext(options.Options))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.MigrateAsync(ct);
        }

        // Hangfire makes its schema when a storage is made with PrepareSchemaIfNecessary: this one, as the owner, does.
        var storage = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        _ = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storage), storage);
    }
}
