using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// Which instance's database session holds a webhook alert's lease (its backend pid): when that session is gone (the
    /// instance died), the lease is taken over at once instead of when it runs out.
    /// </summary>
    public partial class WebhookLeasesHeldBySession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "leased_by",
                schema: "timeline",
                table: "alerts",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "leased_by",
                schema: "timeline",
                table: "alerts");
        }
    }
}
