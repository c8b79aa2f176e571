using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// An alert is written into three indexes instead of five. One unique key on (subscription, change) stands for the
    /// unique key on (change, subscription) and the index on the subscription: it keeps one alert per change and
    /// subscription, and finds a subscription's alerts by its leading column. The unique index on the message id goes: the id
    /// is a version 7 GUID made where the alert is made, and nothing looks an alert up by it. With some six alerts a write
    /// (10 000 subscriptions), the two indexes were 28 % of the alerts' WAL and a third of their writing.
    /// </summary>
    public partial class AlertsWrittenWithFewerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_alerts_change_sequence_subscription_id",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.DropIndex(
                name: "ix_alerts_message_id",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.DropIndex(
                name: "ix_alerts_subscription_id",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_subscription_id_change_sequence",
                schema: "timeline",
                table: "alerts",
                columns: new[] { "subscription_id", "change_sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_alerts_subscription_id_change_sequence",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_change_sequence_subscription_id",
                schema: "timeline",
                table: "alerts",
                columns: new[] { "change_sequence", "subscription_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_message_id",
                schema: "timeline",
                table: "alerts",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_subscription_id",
                schema: "timeline",
                table: "alerts",
                column: "subscription_id");
        }
    }
}
