using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class EventExternalIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                schema: "timeline",
                table: "events",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_external_id",
                schema: "timeline",
                table: "events",
                column: "external_id",
                unique: true,
                filter: "external_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_updated_at",
                schema: "timeline",
                table: "events",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_external_id",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_updated_at",
                schema: "timeline",
                table: "events");

            migrationBuilder.DropColumn(
                name: "external_id",
                schema: "timeline",
                table: "events");
        }
    }
}
