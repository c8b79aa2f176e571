using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class EntitiesDesignationsCredibility : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "credibility",
                schema: "timeline",
                table: "events",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sanction",
                schema: "timeline",
                table: "events",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "source_reliabilities",
                schema: "timeline",
                table: "events",
                type: "text[]",
                nullable: false,
                defaultValue: Array.Empty<string>());

            migrationBuilder.AddColumn<int>(
                name: "credibility",
                schema: "timeline",
                table: "event_revisions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sanction",
                schema: "timeline",
                table: "event_revisions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "source_reliabilities",
                schema: "timeline",
                table: "event_revisions",
                type: "text[]",
                nullable: false,
                defaultValue: Array.Empty<string>());

            migrationBuilder.AlterColumn<string>(
                name: "code",
                schema: "timeline",
                table: "actors",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "search_names",
                schema: "timeline",
                table: "actors",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                schema: "timeline",
                table: "actors",
                type: "tsvector",
                nullable: false)
                .Annotation("Npgsql:TsVectorConfig", "simple")
                .Annotation("Npgsql:TsVectorProperties", new[] { "code", "name", "search_names" });

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                schema: "timeline",
                table: "actors",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "updated_by",
                schema: "timeline",
                table: "actors",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "version",
                schema: "timeline",
                table: "actors",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "actor_identifiers",
                schema: "timeline",
                columns: table => new
                {
                    scheme = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actor_code = table.Column<string>(type: "character varying(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actor_identifiers", x => new { x.scheme, x.value });
                    table.ForeignKey(
                        name: "fk_actor_identifiers_actors_actor_code",
                        column: x => x.actor_code,
                        principalSchema: "timeline",
                        principalTable: "actors",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "actor_revisions",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_code = table.Column<string>(type: "character varying(64)", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    change = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    identifiers = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actor_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_actor_revisions_actors_actor_code",
                        column: x => x.actor_code,
                        principalSchema: "timeline",
                        principalTable: "actors",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing actors stay valid: 'group' was the one kind that is gone; a state's code is its ISO 3166 identifier;
            // each actor's first revision is the actor as it stands.
            migrationBuilder.Sql("""
                UPDATE timeline.actors SET kind = 'organisation' WHERE kind = 'group';
                UPDATE timeline.actors SET updated_at = recorded_at, search_names = array_to_string(aliases, ' ');
                INSERT INTO timeline.actor_identifiers (scheme, value, actor_code)
                SELECT 'iso3166', code, code FROM timeline.actors WHERE kind = 'state' AND code ~ '^[A-Z]{2}$';
                INSERT INTO timeline.actor_revisions (id, actor_code, version, change, changed_at, changed_by, name, kind, aliases, identifiers)
                SELECT gen_random_uuid(), a.code, 1, 'recorded', a.recorded_at, '', a.name, a.kind, a.aliases,
                       coalesce((SELECT array_agg(i.scheme || ':' || i.value ORDER BY i.scheme) FROM timeline.actor_identifiers i
                                 WHERE i.actor_code = a.code), '{}')
                FROM timeline.actors a;
                """);

            // The authority and program filters compare these members of the sanction (EF names JSON members as the properties).
            migrationBuilder.Sql("""
                CREATE INDEX ix_events_sanction_authority ON timeline.events ((sanction ->> 'Authority'));
                CREATE INDEX ix_events_sanction_program ON timeline.events ((sanction ->> 'Program'));
                """);

            migrationBuilder.CreateIndex(
                name: "ix_events_credibility",
                schema: "timeline",
                table: "events",
                column: "credibility");

            migrationBuilder.CreateIndex(
                name: "ix_events_source_reliabilities",
                schema: "timeline",
                table: "events",
                column: "source_reliabilities")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_actors_search_vector",
                schema: "timeline",
                table: "actors",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_actor_identifiers_actor_code_scheme",
                schema: "timeline",
                table: "actor_identifiers",
                columns: new[] { "actor_code", "scheme" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_actor_revisions_actor_code_version",
                schema: "timeline",
                table: "actor_revisions",
                columns: new[] { "actor_code", "version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX timeline.ix_events_sanction_authority;
                DROP INDEX timeline.ix_events_sanction_program;
                """);

            migrationBuilder.DropTable(
                name: "actor_identifiers",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "actor_revisions",
                schema: "timeline");

            migrationBuilder.DropIndex(
                name: "ix_events_credibility",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_source_reliabilities",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_actors_search_vector",
                schema: "timeline",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "credibility",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "sanction",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "source_reliabilities",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "credibility",
                schema: "timeline",
                table: "event_revisions");

            migrationBuilder.DropColumn(
                name: "sanction",
                schema: "timeline",
                table: "event_revisions");

            migrationBuilder.DropColumn(
                name: "source_reliabilities",
                schema: "timeline",
                table: "event_revisions");

            migrationBuilder.DropColumn(
                name: "search_names",
                schema: "timeline",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "search_vector",
                schema: "timeline",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "updated_at",
                schema: "timeline",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "updated_by",
                schema: "timeline",
                table: "actors");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "timeline",
                table: "actors");

            migrationBuilder.AlterColumn<string>(
                name: "code",
                schema: "timeline",
                table: "actors",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);
        }
    }
}
