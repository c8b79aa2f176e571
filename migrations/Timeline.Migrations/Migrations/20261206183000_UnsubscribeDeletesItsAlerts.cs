using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// An alert no longer has a foreign key to its subscription. Its check locked the subscription's row for every alert the
    /// matcher wrote (some seven a write with 10 000 subscriptions), a third of an alert row's cost in PostgreSQL. What the
    /// key's cascade did, unsubscribing now does in its own transaction: it deletes the subscription's alerts, under the
    /// lock every writer of alerts holds (the matcher's checkpoint row), so that none written meanwhile outlives it.
    /// </summary>
    public partial class UnsubscribeDeletesItsAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_alerts_subscriptions_subscription_id",
                schema: "timeline",
                table: "alerts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The key again: no alert may be left of a subscription that is gone.
            migrationBuilder.Sql(
                """
                DELETE FROM timeline.alerts a WHERE NOT EXISTS (SELECT 1 FROM timeline.subscriptions s WHERE s.id = a.subscription_id);
                """);
            migrationBuilder.AddForeignKey(
                name: "fk_alerts_subscriptions_subscription_id",
                schema: "timeline",
                table: "alerts",
                column: "subscription_id",
                principalSchema: "timeline",
                principalTable: "subscriptions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
