using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpCheckWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_follow_up_notices_follow_ups_follow_up_id",
                schema: "timeline",
                table: "follow_up_notices");

            migrationBuilder.AlterTable(
                name: "changes",
                schema: "timeline")
                .Annotation("Npgsql:StorageParameter:autovacuum_vacuum_insert_threshold", -1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "changes",
                schema: "timeline")
                .OldAnnotation("Npgsql:StorageParameter:autovacuum_vacuum_insert_threshold", -1);

            migrationBuilder.AddForeignKey(
                name: "fk_follow_up_notices_follow_ups_follow_up_id",
                schema: "timeline",
                table: "follow_up_notices",
                column: "follow_up_id",
                principalSchema: "timeline",
                principalTable: "follow_ups",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
