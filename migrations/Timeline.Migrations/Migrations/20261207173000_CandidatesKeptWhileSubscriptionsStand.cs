using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// The version of what the alert matcher's candidates are read from: a one-row table whose token the triggers of the
    /// subscriptions, the saved timelines and the keys (their revocation and deletion) renew, in the transaction that changes
    /// them. While it stands, the matcher keeps the candidates it found under each key instead of looking them up again on
    /// every page.
    /// </summary>
    public partial class CandidatesKeptWhileSubscriptionsStand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Statement triggers: one renewal per statement, however many rows it touches (switching 10 000 subscriptions off
            // is one). A statement that touches none renews it too, which only costs the matcher one look-up more.
            migrationBuilder.Sql("""
                CREATE TABLE timeline.subscriptions_version (
                    one boolean PRIMARY KEY DEFAULT true CHECK (one),
                    token uuid NOT NULL);
                INSERT INTO timeline.subscriptions_version (token) VALUES (gen_random_uuid());
                CREATE FUNCTION timeline.subscriptions_version_renew() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE timeline.subscriptions_version SET token = gen_random_uuid();
                    RETURN NULL;
                END $$;
                CREATE TRIGGER subscriptions_version_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timeline.subscriptions
                    FOR EACH STATEMENT EXECUTE FUNCTION timeline.subscriptions_version_renew();
                CREATE TRIGGER subscriptions_version_renew AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON timeline.timelines
                    FOR EACH STATEMENT EXECUTE FUNCTION timeline.subscriptions_version_renew();
                -- Not on every update of a key: its last use is written as it is used.
                CREATE TRIGGER subscriptions_version_renew AFTER UPDATE OF revoked_at OR DELETE OR TRUNCATE ON timeline.api_keys
                    FOR EACH STATEMENT EXECUTE FUNCTION timeline.subscriptions_version_renew();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER subscriptions_version_renew ON timeline.api_keys;
                DROP TRIGGER subscriptions_version_renew ON timeline.timelines;
                DROP TRIGGER subscriptions_version_renew ON timeline.subscriptions;
                DROP FUNCTION timeline.subscriptions_version_renew();
                DROP TABLE timeline.subscriptions_version;
                """);
        }
    }
}
