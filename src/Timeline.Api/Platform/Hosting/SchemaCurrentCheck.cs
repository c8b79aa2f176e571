using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Hosting;

/// <summary>Ready only when the database answers and every migration this build knows is applied.</summary>
public sealed class SchemaCurrentCheck(TimelineDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("database reachable, schema current")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that is away is expected now and then: say why, without a stack trace in the log.
            return Http.DatabaseAway.Reason(ex) is { } away
                ? HealthCheckResult.Unhealthy(away)
                : HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
