using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// An event's alert keeps no copy of the event: its data is read from its change in the log (the alert's
    /// <c>change_sequence</c>), which holds the event exactly as it was written. With many subscriptions a write raised
    /// seven alerts, and each row carried the event's JSON again (parsed into jsonb, written to the table and the WAL).
    /// Alerts of other kinds (a follow-up's with its event as it stood, a claim's with its measure, a lead's) keep theirs;
    /// the alerts written before this keep theirs too.
    /// </summary>
    public partial class EventAlertsReadTheirChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "data",
                schema: "timeline",
                table: "alerts",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to a copy in every row: an event's alert takes the event from its change.
            migrationBuilder.Sql(
                """
                UPDATE timeline.alerts a SET data = jsonb_build_object('event', c.data::jsonb)
                FROM timeline.changes c WHERE a.data IS NULL AND c.sequence = a.change_sequence;
                """);
            migrationBuilder.AlterColumn<string>(
                name: "data",
                schema: "timeline",
                table: "alerts",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);
        }
    }
}
