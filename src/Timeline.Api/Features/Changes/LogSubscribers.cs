using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Timeline.Api.Platform.Telemetry;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// A reader of the change log inside the service, by name (its checkpoint's). It is handed each page of the log after
/// its checkpoint, in log order, inside the transaction that also moves the checkpoint: what it writes (with the scoped
/// <see cref="TimelineDbContext"/>) and how far it has come commit together, or neither does and the page comes again.
/// A new reader is a class implementing this, registered with <see cref="LogSubscriberRegistration.AddLogSubscriber{T}"/>.
/// </summary>
public interface ILogSubscriber
{
    /// <summary>Its checkpoint's name; the row is made at the log's start the first time it runs.</summary>
    string Name { get; }

    /// <summary>Changes handed over per transaction.</summary>
    int PageSize => 500;

    /// <summary>How long to wait after reading the log to its end, unless a write on this instance wakes the loop first.</summary>
    TimeSpan Interval => TimeSpan.FromMilliseconds(200);

    /// <summary>The page's changes, in log order, in the loop's transaction.</summary>
    Task HandleAsync(IReadOnlyList<ChangeRow> page, CancellationToken ct);

    /// <summary>After the page's commit: what must only happen once the writes are visible (waking others).</summary>
    Task AfterCommitAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>What one turn did: how many changes it handed over, or that another instance held the checkpoint.</summary>
public sealed record SubscriberTurn(int Changes, bool Busy);

/// <summary>
/// One turn of a subscriber: its checkpoint's row locked (<c>FOR UPDATE SKIP LOCKED</c>, so with several instances one
/// reads at a time and the others pass), a page of the log after it, the subscriber's writes and the new checkpoint in
/// one commit. Its lag (from the oldest change of a page being written to the page's commit) is recorded per subscriber.
/// </summary>
public sealed class LogSubscription(TimelineDbContext db, TimeProvider clock, TimelineMetrics metrics)
{
    public async Task<SubscriberTurn> TakeTurnAsync(ILogSubscriber subscriber, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.change_checkpoints (name, tx, sequence, updated_at) VALUES ({subscriber.Name}, '0'::xid8, 0, {clock.GetUtcNow()})
             ON CONFLICT (name) DO NOTHING
             """, ct);
        var checkpoint = await db.Database.SqlQuery<CheckpointRow>(
            $"""
             SELECT tx::text AS tx, sequence FROM timeline.change_checkpoints
             WHERE name = {subscriber.Name} FOR UPDATE SKIP LOCKED
             """).SingleOrDefaultAsync(ct);
        if (checkpoint is null)
        {
            return new SubscriberTurn(0, Busy: true);
        }

        var after = new LogPosition(ulong.Parse(checkpoint.Tx, CultureInfo.InvariantCulture), checkpoint.Sequence);
        var page = await ChangeLogReader.ReadAsync(db, after, subscriber.PageSize, entities: null, ct);
        if (page.Items.Count == 0)
        {
            return new SubscriberTurn(0, Busy: false);
        }

        await subscriber.HandleAsync(page.Items, ct);
        var last = page.Items[^1].Position;
        var lastTx = last.Transaction.ToString(CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync(
            $"""
             UPDATE timeline.change_checkpoints SET tx = {lastTx}::xid8, sequence = {last.Sequence}, updated_at = {clock.GetUtcNow()}
             WHERE name = {subscriber.Name}
             """, ct);
        await transaction.CommitAsync(ct);
        metrics.SubscriberLag.Record(Math.Max(0, (clock.GetUtcNow() - page.Items.Min(c => c.At)).TotalSeconds),
            new TagList { { "subscriber", subscriber.Name } });
        await subscriber.AfterCommitAsync(ct);
        return new SubscriberTurn(page.Items.Count, Busy: false);
    }

    private sealed record CheckpointRow(string Tx, long Sequence);
}

/// <summary>
/// Runs one subscriber on this instance: a turn, another at once while pages come back full, else a wait until this
/// instance commits a write (<see cref="ChangeSignal"/>) or the interval is up, whichever comes first (a write through
/// another instance wakes that one's loop). Turns start at least a pace apart (a quarter interval, 50 ms at most), so
/// that while writes keep coming each page is worth its round trips. After a wake, turns follow at that pace for a while
/// (the interval, ten seconds at most): the woken change may still be behind the horizon, held there by a transaction that
/// began before it anywhere on the cluster, whose end wakes no one. Every instance may run one; they take turns on the
/// checkpoint's row.
/// </summary>
public sealed partial class LogSubscriberService<TSubscriber>(IServiceScopeFactory scopes, TimeProvider clock, ChangeSignal signal,
    ILogger<LogSubscriberService<TSubscriber>> logger) : BackgroundService
    where TSubscriber : class, ILogSubscriber
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan? interval = null;
        var wait = TimeSpan.Zero;
        // When a commit last woke the loop. Its change may still sit behind the horizon (a transaction that began before it,
        // anywhere on the cluster, has not ended yet), and that transaction's end wakes no one here: so after a wake the
        // loop keeps looking at the pace for a while (LooksAfterWaking) before it sleeps for its interval again.
        long? wokenAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the turn: a change committed while it reads wakes the wait below at once.
            var grown = signal.Next;
            var started = clock.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                ILogSubscriber subscriber = scope.ServiceProvider.GetRequiredService<TSubscriber>();
                interval ??= subscriber.Interval;
                var turn = await scope.ServiceProvider.GetRequiredService<LogSubscription>().TakeTurnAsync(subscriber, stoppingToken);
                if (turn.Changes == subscriber.PageSize)
                {
                    continue;
                }

                // While writes keep waking it, the next turn no sooner than a pace after this one began: a turn a write
                // would cost more than the write; pages of a pace's changes each cost about one.
                var pace = Pace(interval.Value) - clock.GetElapsedTime(started);
                if (pace > TimeSpan.Zero)
                {
                    await Task.Delay(pace, clock, stoppingToken);
                }

                wait = TimeSpan.Zero;
                if (grown.IsCompleted)
                {
                    wokenAt = clock.GetTimestamp();
                }

                if (wokenAt is { } woken && clock.GetElapsedTime(woken) < LooksAfterWaking(interval.Value))
                {
                    continue;
                }

                wokenAt = null;
                await grown.WaitAsync(interval.Value, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (grown.IsCompleted)
                {
                    wokenAt = clock.GetTimestamp();
                }

                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away: nothing is lost (the checkpoint did not move); try again later, less often.
                wait = Longer(wait);
                LogDatabaseAway(logger, typeof(TSubscriber).Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception ex)
            {
                wait = Longer(wait);
                LogFailed(logger, typeof(TSubscriber).Name, ex);
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

    /// <summary>The least time between two turns' starts: a quarter of the interval, 50 ms at most.</summary>
    private static TimeSpan Pace(TimeSpan interval) => TimeSpan.FromTicks(Math.Min(interval.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));

    /// <summary>How long turns follow at the pace after a wake: the interval, ten seconds at most.</summary>
    private static TimeSpan LooksAfterWaking(TimeSpan interval) => TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.FromSeconds(10).Ticks));

    private static TimeSpan Longer(TimeSpan wait) =>
        TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, Math.Max(wait.Ticks * 2, TimeSpan.FromSeconds(1).Ticks)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subscriber} paused: {Error}; trying again in {Seconds} s")]
    private static partial void LogDatabaseAway(ILogger logger, string subscriber, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscriber} failed; the page will be handed over again")]
    private static partial void LogFailed(ILogger logger, string subscriber, Exception exception);
}

public static class LogSubscriberRegistration
{
    /// <summary>A subscriber, scoped (one per page, with the page's transaction), and its loop on this instance when <paramref name="run"/>.</summary>
    public static IServiceCollection AddLogSubscriber<TSubscriber>(this IServiceCollection services, bool run = true)
        where TSubscriber : class, ILogSubscriber
    {
        services.AddScoped<TSubscriber>();
        services.TryAddScoped<LogSubscription>();
        services.TryAddSingleton<ChangeSignal>();
        if (run)
        {
            services.AddHostedService<LogSubscriberService<TSubscriber>>();
        }

        return services;
    }
}
