using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <summary>
    /// Subscriptions that no live key owns stop: those left without an owner when keys came to own subscriptions (their
    /// maker's key was revoked or renamed by then), and those of keys revoked before revocation disabled them. Each says
    /// why; its waiting webhook deliveries fail unsent. Nothing is deleted: an admin still sees them, and may delete them.
    /// </summary>
    public partial class DisableSubscriptionsWithoutLiveOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE timeline.subscriptions SET active = false,
                    disabled_reason = 'it has no owner key (made before keys owned subscriptions); subscribe again with a key'
                WHERE owner_key_id IS NULL AND active;
                UPDATE timeline.subscriptions s SET active = false, disabled_reason = 'the key that owns it was revoked'
                WHERE s.active AND NOT EXISTS (SELECT 1 FROM timeline.api_keys k WHERE k.id = s.owner_key_id AND k.revoked_at IS NULL);
                UPDATE timeline.alerts a SET delivery_state = 'failed', next_attempt_at = NULL
                WHERE a.delivery_state = 'pending'
                  AND EXISTS (SELECT 1 FROM timeline.subscriptions s WHERE s.id = a.subscription_id AND NOT s.active);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not undone: turning them back on would deliver again to keys that no longer hold access.
        }
    }
}
