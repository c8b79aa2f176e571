using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "owner_key_id",
                schema: "timeline",
                table: "subscriptions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_owner_key_id",
                schema: "timeline",
                table: "subscriptions",
                column: "owner_key_id");

            // Subscriptions made before keys owned them go to the key that made them, by its (unique, live) name.
            migrationBuilder.Sql(
                "UPDATE timeline.subscriptions s SET owner_key_id = k.id FROM timeline.api_keys k " +
                "WHERE k.name = s.created_by AND k.revoked_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriptions_owner_key_id",
                schema: "timeline",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "owner_key_id",
                schema: "timeline",
                table: "subscriptions");
        }
    }
}
