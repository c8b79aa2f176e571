using Npgsql;

namespace Timeline.Api.Alerts;

/// <summary>
/// The instance's one <c>LISTEN timeline_alerts</c>: a dedicated connection from the app's data source, waiting for
/// notifications and pulsing <see cref="AlertSignal"/>, so an alert committed through any instance on the same
/// database wakes this instance's stream clients. Reconnects with backoff; pulses after every (re)connect because
/// notifications sent while it was not listening are gone (the clients' reads catch up from the table).
/// </summary>
public sealed partial class AlertListener(NpgsqlDataSource dataSource, AlertSignal signal, ILogger<AlertListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a notification before checking that the connection still answers.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool listening;

    /// <summary>Whether the LISTEN connection is up right now.</summary>
    public bool IsListening => listening;

    /// <summary>Completes once this instance first listens (never faults).</summary>
    public Task Listening => firstListen.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => retry = FirstRetry, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                listening = false;
                LogLost(logger, ex, retry.TotalSeconds);
            }

            listening = false;
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        listening = false;
    }

    private async Task ListenAsync(Action connected, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        connection.Notification += (_, _) => signal.Pulse();
        await using (var listen = new NpgsqlCommand($"LISTEN {AlertMatcher.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        listening = true;
        connected();
        firstListen.TrySetResult();
        LogListening(logger, AlertMatcher.Channel);
        // Whatever committed while nobody listened: let the clients read the table again.
        signal.Pulse();

        while (true)
        {
            if (!await connection.WaitAsync(Probe, ct))
            {
                // Quiet for a while: make sure the connection is alive, not silently gone.
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
                await ping.ExecuteScalarAsync(ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for alerts on channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert listener lost its connection; retrying in {RetrySeconds} s (stream clients fall back to polling)")]
    private static partial void LogLost(ILogger logger, Exception exception, double retrySeconds);
}
