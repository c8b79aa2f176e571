using Microsoft.Extensions.Options;

namespace Timeline.Api.Alerts;

/// <summary>
/// Runs <see cref="AlertMatcher"/> on this instance: a batch, and another at once while batches come back full,
/// else a short wait (a quarter of it while changes keep coming). Every instance may run one; they take turns on the checkpoint's row.
/// </summary>
public sealed partial class AlertMatchingService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AlertMatcherOptions> options,
    ILogger<AlertMatchingService> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.IntervalMilliseconds);
        var wait = interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<AlertMatcher>().MatchNextBatchAsync(stoppingToken);
                if (result.Changes == options.Value.BatchSize)
                {
                    continue;
                }

                // While changes are arriving, look again sooner: the wait is most of an alert's lag on a quiet machine.
                wait = result.Changes > 0 ? interval / 4 : interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away: nothing is lost (the checkpoint did not move); try again later, less often.
                LogDatabaseAway(logger, ex.Message, wait.TotalSeconds);
                wait = TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, Math.Max(wait.Ticks * 2, TimeSpan.FromSeconds(1).Ticks)));
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                wait = TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, Math.Max(wait.Ticks * 2, TimeSpan.FromSeconds(1).Ticks)));
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert matching paused: {Error}; trying again in {Seconds} s")]
    private static partial void LogDatabaseAway(ILogger logger, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert matching failed; the batch will be matched again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
