using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class WatchesLeadsAndDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_distinctions",
                schema: "timeline",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    other_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_distinctions", x => new { x.event_id, x.other_id });
                    table.ForeignKey(
                        name: "fk_event_distinctions_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_distinctions_events_other_id",
                        column: x => x.other_id,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "leads",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    watch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    text = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    published = table.Column<DateOnly>(type: "date", nullable: true),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    changed = table.Column<bool>(type: "boolean", nullable: false),
                    actors = table.Column<string[]>(type: "text[]", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    previous = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leads", x => x.id);
                    table.ForeignKey(
                        name: "fk_leads_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "watches",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    every = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    every_seconds = table.Column<int>(type: "integer", nullable: false),
                    include = table.Column<string[]>(type: "text[]", nullable: false),
                    exclude = table.Column<string[]>(type: "text[]", nullable: false),
                    reliability = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_status = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    next_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    e_tag = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_modified = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_watches", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_distinctions_other_id",
                schema: "timeline",
                table: "event_distinctions",
                column: "other_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_actors",
                schema: "timeline",
                table: "leads",
                column: "actors")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_leads_event_id",
                schema: "timeline",
                table: "leads",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_status_id",
                schema: "timeline",
                table: "leads",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_watch_id_item_id",
                schema: "timeline",
                table: "leads",
                columns: new[] { "watch_id", "item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_watches_next_check_at",
                schema: "timeline",
                table: "watches",
                column: "next_check_at");

            // Possible duplicates gather candidates through indexes only: events whose span overlaps (GiST on the span),
            // that cite the same source URL (GIN on sources), whose lower-cased title is trigram-alike (GIN).
            migrationBuilder.Sql("CREATE INDEX ix_events_span ON timeline.events USING gist (daterange(earliest, latest, '[]'));");
            migrationBuilder.Sql("CREATE INDEX ix_events_sources ON timeline.events USING gin (sources jsonb_path_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_events_title_trgm ON timeline.events USING gin (lower(title) public.gin_trgm_ops);");
            // Leads find actors by the exact key of a run of their words.
            migrationBuilder.Sql("CREATE INDEX ix_actor_names_key_equal ON timeline.actor_names (key);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_distinctions",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "leads",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "watches",
                schema: "timeline");
            migrationBuilder.Sql("DROP INDEX IF EXISTS timeline.ix_events_span;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS timeline.ix_events_sources;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS timeline.ix_events_title_trgm;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS timeline.ix_actor_names_key_equal;");
        }
    }
}
