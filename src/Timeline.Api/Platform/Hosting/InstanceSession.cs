using Npgsql;

namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// One database session this instance keeps open while it runs; its backend pid names the instance in leases (a webhook
/// batch's <c>leased_by</c>). PostgreSQL ends the session as soon as the process dies, even by <c>kill -9</c> (the
/// socket closes), so a lease whose session is gone belongs to no one and is taken over at once, not when it runs out.
/// </summary>
public sealed class InstanceSession(NpgsqlDataSource database, ILogger<InstanceSession> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private NpgsqlConnection? connection;

    /// <summary>The session's pid; null while it is not open (leases then only run out).</summary>
    public int? Pid { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await database.OpenConnectionAsync(stoppingToken);
                    Pid = connection.ProcessID;
                }

                // Still there: a session the server ended (restart, network) is opened again, under a new pid.
                await using var alive = new NpgsqlCommand("SELECT 1", connection);
                await alive.ExecuteScalarAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogDebug(e, "The instance's session is not open; opening it again");
                Pid = null;
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }

            await Task.Delay(Every, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
