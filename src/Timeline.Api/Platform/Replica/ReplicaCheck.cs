using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Timeline.Api.Platform.Replica;

/// <summary>
/// Readiness of the replica: Degraded, not Unhealthy, when it is away or paused, since the primary then serves the
/// reads (more slowly, but correctly).
/// </summary>
public sealed class ReplicaCheck(ReplicaReads replica) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await replica.DataSource!.OpenConnectionAsync(cancellationToken);
            await using var state = new NpgsqlCommand(
                """
                SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, pg_is_in_recovery() AND pg_is_wal_replay_paused(),
                       round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 1)::text
                """, connection);
            await using var row = await state.ExecuteReaderAsync(cancellationToken);
            await row.ReadAsync(cancellationToken);
            if (!row.GetBoolean(0))
            {
                return HealthCheckResult.Degraded("the replica is not a standby (pg_is_in_recovery() is false): queries read it all the same");
            }

            var replayed = row.IsDBNull(1) ? "nothing" : row.GetString(1);
            if (row.GetBoolean(2))
            {
                return HealthCheckResult.Degraded($"replay is paused at {replayed}: reads with a newer token go to the primary");
            }

            var since = row.IsDBNull(3) ? "" : $", last replayed transaction {row.GetString(3)} s ago";
            return HealthCheckResult.Healthy($"streaming, replayed to {replayed}{since}");
        }
        catch (Exception ex) when (ReplicaReads.Failed(ex))
        {
            return HealthCheckResult.Degraded($"the replica is unreachable ({ex.Message}): queries read the primary");
        }
    }
}
