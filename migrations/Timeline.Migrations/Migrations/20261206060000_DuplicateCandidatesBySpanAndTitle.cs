using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// Possible duplicates of a body with dates: events whose span overlaps it and whose lower-cased title is trigram-alike,
    /// found in one GiST index on both. The tree is ordered by the span, so a search reads the entries of the events
    /// overlapping the body (their titles' trigrams are in the entries, compared there), however many events there are;
    /// the GIN on titles alone is left for bodies without dates (a form being typed).
    /// </summary>
    public partial class DuplicateCandidatesBySpanAndTitle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_events_span_title_trgm ON timeline.events USING gist (daterange(earliest, latest, '[]'), lower(title) public.gist_trgm_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS timeline.ix_events_span_title_trgm;");
        }
    }
}
