using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class MeasuresAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "measures",
                schema: "timeline",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    unit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    actors = table.Column<string[]>(type: "text[]", nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_measures", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "claims",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    measure_code = table.Column<string>(type: "character varying(100)", nullable: false),
                    value = table.Column<decimal>(type: "numeric", nullable: true),
                    qualifier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    low = table.Column<decimal>(type: "numeric", nullable: true),
                    high = table.Column<decimal>(type: "numeric", nullable: true),
                    as_of = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    as_of_earliest = table.Column<DateOnly>(type: "date", nullable: true),
                    as_of_latest = table.Column<DateOnly>(type: "date", nullable: true),
                    derived_from = table.Column<Guid>(type: "uuid", nullable: true),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    retracted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retraction_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_claims_claims_derived_from",
                        column: x => x.derived_from,
                        principalSchema: "timeline",
                        principalTable: "claims",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_claims_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_claims_measures_measure_code",
                        column: x => x.measure_code,
                        principalSchema: "timeline",
                        principalTable: "measures",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_claims_derived_from",
                schema: "timeline",
                table: "claims",
                column: "derived_from");

            migrationBuilder.CreateIndex(
                name: "ix_claims_event_id",
                schema: "timeline",
                table: "claims",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_claims_measure_code",
                schema: "timeline",
                table: "claims",
                column: "measure_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claims",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "measures",
                schema: "timeline");
        }
    }
}
