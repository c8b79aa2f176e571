using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "match_keys",
                schema: "timeline",
                table: "subscriptions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{*}'::text[]");

            migrationBuilder.AddColumn<int>(
                name: "version",
                schema: "timeline",
                table: "follow_ups",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "change_sequence",
                schema: "timeline",
                table: "alerts",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "change_checkpoints",
                schema: "timeline",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    tx = table.Column<ulong>(type: "xid8", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_checkpoints", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "changes",
                schema: "timeline",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tx = table.Column<ulong>(type: "xid8", nullable: false, defaultValueSql: "pg_current_xact_id()"),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<string>(type: "json", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_changes", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions",
                column: "match_keys")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                schema: "timeline",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_attempted_at",
                schema: "timeline",
                table: "deliveries",
                column: "attempted_at");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_change_sequence_subscription_id",
                schema: "timeline",
                table: "alerts",
                columns: new[] { "change_sequence", "subscription_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_created_at",
                schema: "timeline",
                table: "alerts",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_changes_at",
                schema: "timeline",
                table: "changes",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_changes_tx_sequence",
                schema: "timeline",
                table: "changes",
                columns: new[] { "tx", "sequence" },
                unique: true);

            // The alert matcher starts at the beginning of the log.
            migrationBuilder.Sql("INSERT INTO timeline.change_checkpoints (name, tx, sequence, updated_at) VALUES ('alert-matcher', '0'::xid8, 0, now())");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "change_checkpoints",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "changes",
                schema: "timeline");

            migrationBuilder.DropIndex(
                name: "ix_subscriptions_match_keys",
                schema: "timeline",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_idempotency_keys_created_at",
                schema: "timeline",
                table: "idempotency_keys");

            migrationBuilder.DropIndex(
                name: "ix_deliveries_attempted_at",
                schema: "timeline",
                table: "deliveries");

            migrationBuilder.DropIndex(
                name: "ix_alerts_change_sequence_subscription_id",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.DropIndex(
                name: "ix_alerts_created_at",
                schema: "timeline",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "match_keys",
                schema: "timeline",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "timeline",
                table: "follow_ups");

            migrationBuilder.DropColumn(
                name: "change_sequence",
                schema: "timeline",
                table: "alerts");
        }
    }
}
