using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// The title-alike events overlapping a body are searched in three GiSTs of span and title, one for each kind of span:
    /// under 40 days (a day, a month, a few weeks), under 400 (a year), and longer or open. In the one GiST over all
    /// events, year-long and open spans sat in every part of the tree, so a day's search read most of it (6 700 pages at a
    /// million events). Open dates are stored as infinity, which <c>earliest + n</c> keeps, so an open span falls in the
    /// third. The predicates are those of <c>PossibleDuplicates</c>' statement, which must match them to use the indexes.
    /// </summary>
    public partial class TitleAlikeByKindOfSpan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS timeline.ix_events_span_title_trgm;
                CREATE INDEX ix_events_span_title_trgm_weeks ON timeline.events
                    USING gist (daterange(earliest, latest, '[]'), lower(title) public.gist_trgm_ops) WHERE latest < earliest + 40;
                CREATE INDEX ix_events_span_title_trgm_year ON timeline.events
                    USING gist (daterange(earliest, latest, '[]'), lower(title) public.gist_trgm_ops) WHERE latest >= earliest + 40 AND latest < earliest + 400;
                CREATE INDEX ix_events_span_title_trgm_longer ON timeline.events
                    USING gist (daterange(earliest, latest, '[]'), lower(title) public.gist_trgm_ops) WHERE latest >= earliest + 400;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS timeline.ix_events_span_title_trgm_weeks;
                DROP INDEX IF EXISTS timeline.ix_events_span_title_trgm_year;
                DROP INDEX IF EXISTS timeline.ix_events_span_title_trgm_longer;
                CREATE INDEX ix_events_span_title_trgm ON timeline.events USING gist (daterange(earliest, latest, '[]'), lower(title) public.gist_trgm_ops);
                """);
        }
    }
}
