using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// People who sign in with an identity provider, the authors that attributions name (a name is never given twice), the
    /// audit log, and a key's owner and last use. Every key there has been becomes an author by its name; where a name
    /// was reused before, the key that holds it now (or the latest) keeps it.
    /// </summary>
    public partial class PeopleSignInAuthorsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "for_sign_in",
                schema: "timeline",
                table: "api_keys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_used_at",
                schema: "timeline",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "person_id",
                schema: "timeline",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    target_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "authors",
                schema: "timeline",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_authors", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "people",
                schema: "timeline",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    issuer = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    signature = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    claimed_role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    granted_role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sessions_ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                schema: "timeline",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_authors_id",
                schema: "timeline",
                table: "authors",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_people_issuer_subject",
                schema: "timeline",
                table: "people",
                columns: new[] { "issuer", "subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_signature",
                schema: "timeline",
                table: "people",
                column: "signature",
                unique: true);

            migrationBuilder.Sql("""
                INSERT INTO timeline.authors (name, kind, id, created_at)
                SELECT DISTINCT ON (name) name, 'key', id, created_at FROM timeline.api_keys
                ORDER BY name, revoked_at IS NULL DESC, created_at DESC
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "authors",
                schema: "timeline");

            migrationBuilder.DropTable(
                name: "people",
                schema: "timeline");

            migrationBuilder.DropColumn(
                name: "for_sign_in",
                schema: "timeline",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "last_used_at",
                schema: "timeline",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "person_id",
                schema: "timeline",
                table: "api_keys");
        }
    }
}
