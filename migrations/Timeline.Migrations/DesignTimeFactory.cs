using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Timeline.Core.Data;

namespace Timeline.Migrations;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the API.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<TimelineDbContext>
{
    public TimelineDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Timeline")
            ?? "Host=127.0.0.1;Database=timeline;Username=timeline;Password=timeline";
        var options = new DbContextOptionsBuilder<TimelineDbContext>();
        options.UseTimelineDatabase(connectionString);
        return new TimelineDbContext(options.Options);
    }
}
