using Npgsql;
using Timeline.Core.Changes;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>
/// Counts the gauges need from the database, every <c>Timeline:Telemetry:SampleSeconds</c> (30): one statement of
/// index-backed counts, so a scrape never waits on the database and never costs more than this.
/// </summary>
public sealed partial class TelemetrySampler(NpgsqlDataSource dataSource, TelemetrySample sample, IConfiguration configuration,
    ILogger<TelemetrySampler> logger) : BackgroundService
{
    /// <summary>The matcher's backlog is counted up to here: past it, "very far behind" is what matters.</summary>
    public const int BacklogCountedUpTo = 1_000_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Timeline:Telemetry:SampleSeconds", 30.0)));
        using var timer = new PeriodicTimer(every);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The gauges keep their last values; the database's absence is told by /health/ready and the request logs.
                LogSkipped(logger, ex.Message);
            }

            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // The matcher's position first, so that the backlog is counted with it as a value: read from the checkpoint
        // table inside the statement, the planner could not use the (tx, sequence) index and scanned the whole log
        // (1.1 s at 1 M changes).
        string tx = "0";
        long sequence = 0;
        await using (var checkpoint = new NpgsqlCommand("SELECT tx::text, sequence FROM timeline.change_checkpoints WHERE name = $1", connection))
        {
            checkpoint.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ChangeCheckpoint.AlertMatcher });
            await using var position = await checkpoint.ExecuteReaderAsync(ct);
            if (await position.ReadAsync(ct))
            {
                (tx, sequence) = (position.GetString(0), position.GetInt64(1));
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
             SELECT
               (SELECT count(*) FROM timeline.alerts WHERE delivery_state = 'pending'),
               (SELECT count(*) FROM timeline.follow_ups WHERE status = 'open'),
               (SELECT count(*) FROM timeline.follow_ups WHERE status = 'overdue'),
               (SELECT coalesce(max(sequence), 0) FROM timeline.changes),
               (SELECT count(*) FROM (
                  SELECT 1 FROM timeline.changes c WHERE (c.tx, c.sequence) > ($1::xid8, $2)
                  LIMIT {BacklogCountedUpTo}) AS behind)
             """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tx });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        sample.PendingWebhooks = reader.GetInt64(0);
        sample.OpenFollowUps = reader.GetInt64(1);
        sample.OverdueFollowUps = reader.GetInt64(2);
        sample.LastChange = reader.GetInt64(3);
        sample.ChangesToMatch = reader.GetInt64(4);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telemetry sample skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
