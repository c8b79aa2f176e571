using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpsAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "follow_ups",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    due = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    due_earliest = table.Column<DateOnly>(type: "date", nullable: false),
                    due_latest = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    fulfilled_by = table.Column<Guid>(type: "uuid", nullable: true),
                    cancellation_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_ups", x => x.id);
                    table.ForeignKey(
                        name: "fk_follow_ups_events_event_id",
                        column: x => x.event_id,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_follow_ups_events_fulfilled_by",
                        column: x => x.fulfilled_by,
                        principalSchema: "timeline",
                        principalTable: "events",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    filter = table.Column<string>(type: "jsonb", nullable: true),
                    timeline_slug = table.Column<string>(type: "text", nullable: true),
                    kinds = table.Column<string[]>(type: "text[]", nullable: false),
                    webhook_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    webhook_secret = table.Column<string>(type: "text", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    disabled_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscriptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_notices",
                schema: "timeline",
                columns: table => new
                {
                    follow_up_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_notices", x => new { x.follow_up_id, x.kind });
                    table.ForeignKey(
                        name: "fk_follow_up_notices_follow_ups_follow_up_id",
                        column: x => x.follow_up_id,
                        principalSchema: "timeline",
                        principalTable: "follow_ups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    follow_up_id = table.Column<Guid>(type: "uuid", nullable: true),
                    data = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    delivery_state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_alerts_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalSchema: "timeline",
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deliveries",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    alert_id = table.Column<long>(type: "bigint", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_deliveries_alerts_alert_id",
                        column: x => x.alert_id,
                        principalSchema: "timeline",
                        principalTable: "alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alerts_message_id",
                schema: "timeline",
                table: "alerts",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_pending_next_attempt",
                schema: "timeline",
                table: "alerts",
                column: "next_attempt_at",
                filter: "delivery_state = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_subscription_id",
                schema: "timeline",
                table: "alerts",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_alert_id",
                schema: "timeline",
                table: "deliveries",
                column: "alert_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_subscription_id_attempted_at",
                schema: "timeline",
                table: "deliveries",
                columns: new[] { "subscription_id", "attempted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_event_id",
                schema: "timeline",
                table: "follow_ups",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_fulfilled_by",
                schema: "timeline",
                table: "follow_ups",
                column: "fulfilled_by");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_open_due_latest",
                schema: "timeline",
                table: "follow_ups",
                column: "due_latest",
                filter: "status = 'open'");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_status_due_latest",
                schema: "timeline",
                table: "follow_ups",
                columns: new[] { "status", "due_latest" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deliveries",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "follow_up_notices",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "alerts",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "follow_ups",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "subscriptions",
                schema: "timeline");
        }
    }
}
