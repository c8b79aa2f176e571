using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Benchmarks;

/// <summary>A timeline page's command (the SQL and its parameters) made without sending it, by EF Core and as kept for its shape: a read's own CPU before the database.</summary>
[MemoryDiagnoser]
public class TimelineCommandBenchmarks
{
    private PooledDbContextFactory<TimelineDbContext> contexts = null!;

    /// <summary>Contexts from a pool over a data source, as the API has them.</summary>
    [GlobalSetup]
    public void Setup() =>
        contexts = new PooledDbContextFactory<TimelineDbContext>((DbContextOptions<TimelineDbContext>)new DbContextOptionsBuilder<TimelineDbContext>()
            .UseTimelineDatabase(new NpgsqlDataSourceBuilder("Host=127.0.0.1;Database=none").UseNetTopologySuite().Build()).Options);

    [Benchmark(Description = "build the command of actor KP in 2023, 50 a page")]
    public int ActorAndYear()
    {
        using var db = contexts.CreateDbContext();
        using var command = TimelineQueryHandler.Views(db, new TimelineQuery { Actor = ["KP"], From = "2023", To = "2023", Limit = "50" }).CreateDbCommand();
        return command.Parameters.Count;
    }

    [Benchmark(Description = "the same command, kept for its shape (TimelinePageCommand)")]
    public int ActorAndYearKept()
    {
        using var db = contexts.CreateDbContext();
        using var command = TimelinePageCommand.Create(db, new TimelineQuery { Actor = ["KP"], From = "2023", To = "2023", Limit = "50" });
        return command.Parameters.Count;
    }

    [Benchmark(Description = "a DbContext taken from the pool and given back")]
    public int Context()
    {
        using var db = contexts.CreateDbContext();
        return db.GetHashCode();
    }
}
