using System.Globalization;
using Npgsql;

namespace Timeline.Api.Platform.Hosting;

/// <summary>The <c>Timeline:Database</c> configuration section: how long the app's statements may wait, and what a client is told when the database is away.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Seconds a statement may run before PostgreSQL cancels it (<c>statement_timeout</c>); 0 for no limit.</summary>
    public int StatementTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds a statement may wait for a lock (<c>lock_timeout</c>); 0 for no limit.</summary>
    public int LockTimeoutSeconds { get; set; } = 10;

    /// <summary>The <c>Retry-After</c> of a 503 while the database is away.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How many turns queries may take at once (<see cref="Pipeline.ReadTurns"/>; a long read two); 0 for three a processor.</summary>
    public int ConcurrentReads { get; set; }

    /// <summary>
    /// The session settings every connection the app opens starts with: the time limits, no JIT and no parallel workers.
    /// The app's statements are short and index-driven; where the planner's estimate crosses <c>jit_above_cost</c> (the
    /// follow-up check's claim at a million follow-ups), compiling took longer than running: 49 of 87 ms. Where it crosses
    /// <c>parallel_setup_cost</c> (a page of the timeline in a <c>bbox</c>, whose place test PostGIS costs high), two
    /// workers started for a 51-row page cost PostgreSQL 2.6 times the CPU of the page itself, on a server answering many
    /// requests at once (docs/BENCHMARKS.md, the timeline in a box at 100 000 events).
    /// </summary>
    public string SessionOptions => string.Create(CultureInfo.InvariantCulture,
        $"-c statement_timeout={StatementTimeoutSeconds}s -c lock_timeout={LockTimeoutSeconds}s -c jit=off -c max_parallel_workers_per_gather=0");

    /// <summary>
    /// The connection string with <see cref="SessionOptions"/> as the session's defaults (<c>Options=-c …</c>); options
    /// already in the connection string come after, and so win.
    /// </summary>
    public string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? SessionOptions : $"{SessionOptions} {builder.Options}";
        // A connection taken again from the pool is not sent DISCARD ALL first: the app leaves no session state behind
        // (what sets any clears it: the startup's time limits, the alert listener's LISTEN), and the reset was work
        // for PostgreSQL on every request (docs/BENCHMARKS.md, the reads at 1 M).
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
