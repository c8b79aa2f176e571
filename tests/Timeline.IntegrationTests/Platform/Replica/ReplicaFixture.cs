using Npgsql;
using NpgsqlTypes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Replica;

/// <summary>
/// Test classes that use the streaming replica script/test starts (<c>TIMELINE_TEST_REPLICA</c>). Pausing its
/// replay pauses it for every database on it, so these classes run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaCollection
{
    public const string Name = "Replica";
}

/// <summary>The API with queries on the replica: its database, as the replica has it from the primary.</summary>
public sealed class ReplicaFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:TimelineReplica"] = ReplicaOf(ConnectionString),
        ["Timeline:Replica:RetryAfterSeconds"] = "1",
        // Generous: under load a replica can be seconds behind, and these tests are about where reads go, not how fast.
        ["Timeline:Replica:MaxWaitMilliseconds"] = "60000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Until the replica has the new database, queries would find it missing there and go to the primary.
        await CaughtUpAsync(ConnectionString);
    }

    /// <summary>The replica's connection string for the same database as <paramref name="primary"/>.</summary>
    public static string ReplicaOf(string primary)
    {
        var replica = Environment.GetEnvironmentVariable("TIMELINE_TEST_REPLICA");
        if (string.IsNullOrWhiteSpace(replica))
        {
            // Never a silent pass: script/test always starts a replica and says where.
            throw new InvalidOperationException("TIMELINE_TEST_REPLICA is not set: run the tests through script/test, which starts a streaming replica");
        }

        return new NpgsqlConnectionStringBuilder(replica) { Database = new NpgsqlConnectionStringBuilder(primary).Database }.ConnectionString;
    }

    /// <summary>Waits until the replica has replayed everything the primary has written so far.</summary>
    public static async Task CaughtUpAsync(string primary)
    {
        NpgsqlLogSequenceNumber written;
        await using (var connection = new NpgsqlConnection(primary))
        {
            await connection.OpenAsync();
            await using var position = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
            written = (NpgsqlLogSequenceNumber)(await position.ExecuteScalarAsync())!;
        }

        if (!await Wait.Eventually(() => ReplayedAsync(primary, written), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20)))
        {
            throw new TimeoutException($"the replica did not replay to {written} within 60 s");
        }
    }

    private static async Task<bool> ReplayedAsync(string primary, NpgsqlLogSequenceNumber written)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ReplicaOf(primary));
            await connection.OpenAsync();
            await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1", connection) { Parameters = { new() { NpgsqlDbType = NpgsqlDbType.PgLsn, Value = written } } };
            return (bool)(await replayed.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false; // The database is not replayed yet.
        }
    }

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Pauses the replica's replay (it keeps receiving WAL) until the returned handle is disposed.</summary>
    public static async Task<IAsyncDisposable> PauseReplayAsync(string primary)
    {
        var connection = new NpgsqlConnection(ReplicaOf(primary));
        await connection.OpenAsync();
        await Execute(connection, "SELECT pg_wal_replay_pause()");
        // Paused once the startup process has seen the request; only then is nothing more replayed.
        await Wait.Eventually(async () => (string)(await Scalar(connection, "SELECT pg_get_wal_replay_pause_state()"))! == "paused",
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), "the replica's replay did not pause within 30 s");

        return new Resume(connection);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql) => await Scalar(connection, sql);

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private sealed class Resume(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Execute(connection, "SELECT pg_wal_replay_resume()");
            await connection.DisposeAsync();
        }
    }
}
