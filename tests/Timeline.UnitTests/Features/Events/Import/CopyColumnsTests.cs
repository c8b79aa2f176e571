using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Events.Import.Ftm;
using Timeline.Core.Data;

namespace Timeline.UnitTests.Features.Events.Import;

/// <summary>
/// The import writes rows by COPY, beside EF Core's mapping: a column the model gains must be in the COPY too, or
/// imported rows would silently take its default.
/// </summary>
public sealed class CopyColumnsTests
{
    private static IEnumerable<string> Written(string table)
    {
        var options = new DbContextOptionsBuilder<TimelineDbContext>();
        options.UseTimelineDatabase("Host=unused");
        using var db = new TimelineDbContext(options.Options);
        var mapped = db.Model.GetRelationalModel().Tables.Single(t => t.Name == table);
        // Generated columns (the search vectors) and identity or defaulted ones (the log's sequence and transaction) are PostgreSQL's to fill.
        return mapped.Columns.Where(c => c.StoreType != "tsvector" && c.ComputedColumnSql is null && c.DefaultValueSql is null
                && !c.PropertyMappings.Any(m => m.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd && m.Property.GetValueGenerationStrategy() != Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.None))
            .Select(c => c.Name).Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Copied(string columnList) => columnList.Split(", ").Order(StringComparer.Ordinal);

    [Theory]
    [InlineData("events")]
    [InlineData("event_revisions")]
    [InlineData("changes")]
    [InlineData("actors")]
    [InlineData("actor_names")]
    public void Every_column_the_model_maps_is_copied(string table)
    {
        var columns = table switch
        {
            "events" => EventTables.Events.ColumnList,
            "event_revisions" => EventTables.Revisions.ColumnList,
            "changes" => Timeline.Api.Features.Changes.ChangeLog.Rows.ColumnList,
            "actor_names" => FtmActorCopy.Names.ColumnList,
            _ => FtmActorCopy.Actors.ColumnList,
        };

        Assert.Equal(Written(table), Copied(columns));
    }

    /// <summary>Recording one event INSERTs its rows with the same column lists, one parameter a column, in order.</summary>
    [Fact]
    public void The_single_write_inserts_the_columns_the_import_copies()
    {
        foreach (var (insert, columns) in new[]
                 {
                     (EventTables.Events.InsertSql, EventTables.Events.ColumnList),
                     (EventTables.Revisions.InsertSql, EventTables.Revisions.ColumnList),
                     (Timeline.Api.Features.Changes.ChangeLog.Rows.InsertSql, Timeline.Api.Features.Changes.ChangeLog.Rows.ColumnList),
                 })
        {
            var count = columns.Split(", ").Length;
            var values = string.Join(", ", Enumerable.Range(1, count).Select(i => $"${i}"));
            Assert.EndsWith($"({columns}) VALUES ({values})", insert, StringComparison.Ordinal);
        }
    }
}
