using Npgsql;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Alerts.Matching;

namespace Timeline.Api.Features.Alerts.Stream;

/// <summary>
/// The instance's one listening connection, from the app's data source. On <c>timeline_alerts</c> it pulses
/// <see cref="AlertSignal"/>, so an alert committed through any instance on the same database wakes this instance's
/// stream clients; on <c>timeline_key_revocations</c> it forgets the revoked key (or feed token) and ends its open streams.
/// Reconnects with backoff. Notifications sent while it was not listening are gone, so after every (re)connect it
/// pulses (the clients' reads catch up from the table) and asks which of the keys streaming here were revoked.
/// </summary>
public sealed partial class AlertListener(NpgsqlDataSource dataSource, AlertSignal signal, OpenStreams streams, KnownKeys known,
    ILogger<AlertListener> logger) : BackgroundService
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
        try
        {
            await ListenOnAsync(connection, connected, ct);
        }
        finally
        {
            // The pool does not reset connections (DatabaseOptions): one that comes back must not still be listening.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection) { CommandTimeout = 5 };
                try
                {
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    // Broken on the way out: the pool discards a broken connection rather than reusing it.
                }
            }
        }
    }

    private async Task ListenOnAsync(NpgsqlConnection connection, Action connected, CancellationToken ct)
    {
        connection.Notification += (_, e) =>
        {
            if (e.Channel == RevokeKey.Channel)
            {
                Revoked(Guid.TryParse(e.Payload, out var key) ? key : Guid.Empty);
            }
            else
            {
                signal.Pulse();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {RevokeKey.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        await EndRevokedStreamsAsync(connection, ct);
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

    private void Revoked(Guid key)
    {
        known.Forget(key);
        streams.Revoked(key);
    }

    /// <summary>Revocations this instance may have missed while not listening, among the keys streaming here.</summary>
    private async Task EndRevokedStreamsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var streaming = streams.Keys.ToArray();
        if (streaming.Length == 0)
        {
            return;
        }

        await using var revoked = new NpgsqlCommand("SELECT id FROM timeline.api_keys WHERE id = ANY(@keys) AND revoked_at IS NOT NULL", connection);
        revoked.Parameters.AddWithValue("keys", streaming);
        await using var reader = await revoked.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Revoked(reader.GetGuid(0));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for alerts on channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert listener lost its connection; retrying in {RetrySeconds} s (stream clients fall back to polling)")]
    private static partial void LogLost(ILogger logger, Exception exception, double retrySeconds);
}
