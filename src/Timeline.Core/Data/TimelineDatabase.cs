using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Timeline.Core.Data;

public static class TimelineDatabase
{
    /// <summary>
    /// The one way the app's data sources are built: PostGIS geometry is read and written as NetTopologySuite's types
    /// (places, and the footprints the place filters compare).
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public const string MigrationsAssembly = "Timeline.Migrations";

    /// <summary>The one place the DbContext's provider options are set, for the app, the tests and design time.</summary>
    public static DbContextOptionsBuilder UseTimelineDatabase(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", TimelineDbContext.Schema)
                .UseNetTopologySuite())
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UseTimelineDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history", TimelineDbContext.Schema)
                .UseNetTopologySuite())
            .UseSnakeCaseNamingConvention();
}
