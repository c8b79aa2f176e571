using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// The subscriptions' match keys indexed at once (GIN's <c>fastupdate</c> off), built again without a list of pending
    /// entries. The matcher looks its candidates up in this index on every page; entries still pending (all the
    /// subscriptions written since the last vacuum) are read whole by every look-up, and with 10 000 of them the planner
    /// tested every subscription's keys instead (25–30 ms a page). Subscriptions are written seldom, looked up constantly.
    /// </summary>
    public partial class SubscriptionKeysIndexedAtOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions",
                column: "match_keys")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:StorageParameter:fastupdate", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions",
                column: "match_keys")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }
    }
}
