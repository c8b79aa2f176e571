using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PlacesWithPostGis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<Geometry>(
                name: "footprint",
                schema: "timeline",
                table: "events",
                type: "geometry(Geometry,4326)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "places",
                schema: "timeline",
                table: "events",
                type: "jsonb",
                nullable: true,
                // Events recorded before places had none: read as an empty list, not as a missing one.
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<Geometry>(
                name: "footprint",
                schema: "timeline",
                table: "event_revisions",
                type: "geometry(Geometry,4326)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "places",
                schema: "timeline",
                table: "event_revisions",
                type: "jsonb",
                nullable: true,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.CreateTable(
                name: "places",
                schema: "timeline",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    point = table.Column<Point>(type: "geometry(Point,4326)", nullable: true),
                    area = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: true),
                    wikidata = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    geo_names = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_places", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "place_names",
                schema: "timeline",
                columns: table => new
                {
                    place_code = table.Column<string>(type: "character varying(100)", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    sound = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_names", x => new { x.place_code, x.name });
                    table.ForeignKey(
                        name: "fk_place_names_places_place_code",
                        column: x => x.place_code,
                        principalSchema: "timeline",
                        principalTable: "places",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "place_revisions",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    place_code = table.Column<string>(type: "character varying(100)", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    change = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    aliases = table.Column<string[]>(type: "text[]", nullable: false),
                    point = table.Column<Point>(type: "geometry(Point,4326)", nullable: true),
                    area = table.Column<Geometry>(type: "geometry(Geometry,4326)", nullable: true),
                    wikidata = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    geo_names = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_place_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_place_revisions_places_place_code",
                        column: x => x.place_code,
                        principalSchema: "timeline",
                        principalTable: "places",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_footprint",
                schema: "timeline",
                table: "events",
                column: "footprint")
                .Annotation("Npgsql:IndexMethod", "GIST");

            migrationBuilder.CreateIndex(
                name: "ix_place_names_key",
                schema: "timeline",
                table: "place_names",
                column: "key")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_place_names_sound",
                schema: "timeline",
                table: "place_names",
                column: "sound")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_place_revisions_place_code_version",
                schema: "timeline",
                table: "place_revisions",
                columns: new[] { "place_code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_places_geo_names",
                schema: "timeline",
                table: "places",
                column: "geo_names",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_places_wikidata",
                schema: "timeline",
                table: "places",
                column: "wikidata",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "place_names",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "place_revisions",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "places",
                schema: "timeline");

            migrationBuilder.DropIndex(
                name: "ix_events_footprint",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "footprint",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "places",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "footprint",
                schema: "timeline",
                table: "event_revisions");

            migrationBuilder.DropColumn(
                name: "places",
                schema: "timeline",
                table: "event_revisions");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:postgis", ",,");
        }
    }
}
