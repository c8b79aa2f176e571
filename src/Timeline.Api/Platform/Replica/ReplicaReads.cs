using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Timeline.Api.Platform.Replica;

/// <summary>
/// Connections to the streaming replica for queries. A read that sends a consistency token gets a connection only
/// once the replica has replayed the WAL up to it (<c>pg_last_wal_replay_lsn()</c>), within
/// <see cref="ReplicaOptions.MaxWaitMilliseconds"/>; otherwise, and while the replica is away, it gets none and
/// the caller reads the primary, which is never behind.
/// </summary>
public sealed class ReplicaReads(NpgsqlDataSource? replica, NpgsqlDataSource primary, ReplicaOptions options, ILogger<ReplicaReads> logger) : IDisposable
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

    /// <summary>
    /// Polls cheaply (one tiny query, pauses doubling from 2 to 20 ms) until the replay passes the token or time is up.
    /// A token the replica has not even received is first checked against the primary's own position: one beyond
    /// anything written (forged, or from another database) is not waited for.
    /// </summary>
    private async Task<bool> ReplayedAsync(NpgsqlConnection connection, NpgsqlLogSequenceNumber after, CancellationToken ct)
    {
        await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1, pg_last_wal_receive_lsn() >= $1", connection)
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.PgLsn, Value = after } },
        };
        await using (var first = await replayed.ExecuteReaderAsync(ct))
        {
            await first.ReadAsync(ct);
            if (first.IsDBNull(0))
            {
                return false; // the server is not a standby, so its position says nothing of the primary's
            }

            if (first.GetBoolean(0))
            {
                return true;
            }

            if ((first.IsDBNull(1) || !first.GetBoolean(1)) && !await WrittenAsync(after, ct))
            {
                return false;
            }
        }

        replayed.CommandText = "SELECT pg_last_wal_replay_lsn() >= $1";
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

    /// <summary>Whether the primary has written as far as the token (if the primary cannot say, the read goes there and finds out).</summary>
    private async Task<bool> WrittenAsync(NpgsqlLogSequenceNumber after, CancellationToken ct)
    {
        try
        {
            await using var connection = await primary.OpenConnectionAsync(ct);
            await using var written = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn() >= $1", connection)
            {
                Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.PgLsn, Value = after } },
            };
            return await written.ExecuteScalarAsync(ct) is true;
        }
        catch (Exception ex) when (Failed(ex))
        {
            return false;
        }
    }

    public void Dispose() => replica?.Dispose();
}
