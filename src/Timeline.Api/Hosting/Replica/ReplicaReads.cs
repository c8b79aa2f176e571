using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Timeline.Api.Hosting.Replica;

/// <summary>
/// Connections to the streaming replica for queries. A read that sends a consistency token gets a connection only
/// once the replica has replayed the WAL up to it (<c>pg_last_wal_replay_lsn()</c>), within
/// <see cref="ReplicaOptions.MaxWaitMilliseconds"/>; otherwise, and while the replica is away, it gets none and
/// the caller reads the primary, which is never behind.
/// </summary>
public sealed class ReplicaReads(NpgsqlDataSource? replica, ReplicaOptions options, ILogger<ReplicaReads> logger) : IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(20);
    private long awayUntil;

    /// <summary>Whether a replica is configured at all (<c>ConnectionStrings:TimelineReplica</c>).</summary>
    public bool Configured => replica is not null;

    public NpgsqlDataSource? DataSource => replica;

    /// <summary>An open replica connection that has replayed at least <paramref name="after"/>; null to read the primary.</summary>
    public async Task<NpgsqlConnection?> OpenAsync(NpgsqlLogSequenceNumber? after, CancellationToken ct)
    {
        if (replica is null || Stopwatch.GetTimestamp() < Interlocked.Read(ref awayUntil))
        {
            return null;
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = await replica.OpenConnectionAsync(ct);
            if (after is null || await ReplayedAsync(connection, after.Value, ct))
            {
                return connection;
            }

            await connection.DisposeAsync();
            return null;
        }
        catch (Exception ex) when (Failed(ex))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            Away(ex);
            return null;
        }
    }

    /// <summary>Whether an exception means the replica could not answer (rather than that the query is wrong).</summary>
    public static bool Failed(Exception ex) => ex switch
    {
        // A recovery conflict (replay removed rows the query needed), or the standby shutting down or starting.
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.InvalidCatalogName
            || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => ex.InnerException is { } inner && Failed(inner),
    };

    /// <summary>Reads go to the primary for a while: the replica is down, restarting, or does not know this database yet.</summary>
    public void Away(Exception ex)
    {
        Interlocked.Exchange(ref awayUntil, Stopwatch.GetTimestamp() + options.RetryAfterSeconds * Stopwatch.Frequency);
        logger.LogWarning("Replica unavailable, reading the primary for {Seconds} s: {Reason}", options.RetryAfterSeconds,
            ex is PostgresException p ? $"{p.SqlState} {p.MessageText}" : ex.Message);
    }

    /// <summary>Polls cheaply (one tiny query, pauses doubling from 2 to 20 ms) until the replay passes the token or time is up.</summary>
    private async Task<bool> ReplayedAsync(NpgsqlConnection connection, NpgsqlLogSequenceNumber after, CancellationToken ct)
    {
        await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1", connection)
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.PgLsn, Value = after } },
        };
        var started = Stopwatch.GetTimestamp();
        var limit = TimeSpan.FromMilliseconds(options.MaxWaitMilliseconds);
        var pause = FirstPause;
        while (true)
        {
            switch (await replayed.ExecuteScalarAsync(ct))
            {
                case true:
                    return true;
                case false:
                    break;
                default:
                    // NULL: the server is not a standby, so its position says nothing of the primary's.
                    return false;
            }

            var left = limit - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(pause < left ? pause : left, ct);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    public void Dispose() => replica?.Dispose();
}
