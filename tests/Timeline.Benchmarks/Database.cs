using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Platform.Hosting;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Benchmarks;

/// <summary>A database of its own per size, created on the cluster the harness is given and dropped afterwards.</summary>
public static class BenchDatabase
{
    public static async Task<string> CreateAsync(string serverConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropAsync(string serverConnectionString, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        try
        {
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A session of another role (one the benchmark cannot end) is in it: the database is only scratch, left behind.
            Console.Error.WriteLine($"bench: left database {name} behind: {e.MessageText}");
        }
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, int timeoutSeconds = 600)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, int timeoutSeconds = 3600)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> ExplainAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new Timeline.Api.Platform.Hosting.DatabaseOptions().Apply(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}", connection);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Every row the import writes, by table: the events, their first revisions, their change rows, and the alerts matched
    /// from those; each with the text of its event's id, which puts the rows of one event in the same part.
    /// </summary>
    private static readonly (string Table, string Columns, string Rows, string EventId)[] ImportedTables =
    [
        ("events", EventTables.Events.ColumnList, "true", "id::text"),
        ("event_revisions", EventTables.Revisions.ColumnList, "true", "event_id::text"),
        // The change log's own columns, as the import appends them (ChangeLog.Rows); the log's sequence and transaction
        // are filled in by PostgreSQL for the copy as for the import.
        ("changes", ChangeLog.Rows.ColumnList, $"kind = '{ChangeKinds.EventImported}'", "entity_id"),
        ("alerts", "subscription_id, kind, event_id, follow_up_id, data, created_at, message_id, delivery_state, attempts, next_attempt_at", "true", "event_id::text"),
    ];

    /// <summary>
    /// The physical reference for the import: the very rows the API wrote (events, first revisions, their change rows,
    /// alerts), exported in PostgreSQL's binary format and loaded again with a raw COPY into empty tables of the same shape
    /// (same columns, generated tsvector, indexes, foreign keys, the log's sequence). They are loaded in as many
    /// transactions as the import committed (<paramref name="commits"/>, one a request), each with the rows of its share of
    /// the events, so that autovacuum finds the same committed rows between them as it did between the import's requests.
    /// Only the COPY and its commits are timed.
    /// </summary>
    public static async Task<(double Seconds, long Rows, double PostgresCpuMs)> RawCopyAsync(string connectionString, string workDir, CpuMeter meter, int commits)
    {
        commits = Math.Max(1, commits);
        // A million rows a table, on a shared machine: no read of the COPY may time out.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;
        await ExecuteAsync(connectionString, """
            DROP SCHEMA IF EXISTS bench_copy CASCADE;
            CREATE SCHEMA bench_copy;
            CREATE TABLE bench_copy.events (LIKE timeline.events INCLUDING ALL);
            CREATE TABLE bench_copy.event_revisions (LIKE timeline.event_revisions INCLUDING ALL);
            CREATE TABLE bench_copy.changes (LIKE timeline.changes INCLUDING ALL);
            CREATE TABLE bench_copy.alerts (LIKE timeline.alerts INCLUDING ALL);
            ALTER TABLE bench_copy.event_revisions ADD FOREIGN KEY (event_id) REFERENCES bench_copy.events (id) ON DELETE CASCADE;
            """);
        var files = new List<(int Part, string Table, string Columns, string File)>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            for (var part = 0; part < commits; part++)
            {
                foreach (var (table, columns, which, eventId) in ImportedTables)
                {
                    var file = Path.Combine(workDir, $"copy-{table}-{part}.bin");
                    await using (var output = File.Create(file))
                    await using (var export = await connection.BeginRawBinaryCopyAsync(
                        $"COPY (SELECT {columns} FROM timeline.{table} WHERE {which} AND abs(hashtext(coalesce({eventId}, '')) % {commits}) = {part}) TO STDOUT (FORMAT BINARY)"))
                    {
                        await export.CopyToAsync(output);
                    }

                    files.Add((part, table, columns, file));
                }
            }
        }

        long rows = 0;
        var cpuBefore = meter.Take();
        var clock = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            foreach (var part in files.GroupBy(f => f.Part))
            {
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var (_, table, columns, file) in part)
                {
                    await using (var input = File.OpenRead(file))
                    await using (var import = await connection.BeginRawBinaryCopyAsync($"COPY bench_copy.{table} ({columns}) FROM STDIN (FORMAT BINARY)"))
                    {
                        await input.CopyToAsync(import);
                    }
                }

                await transaction.CommitAsync();
            }
        }

        clock.Stop();
        var cpu = meter.Take().PostgresMs - cpuBefore.PostgresMs;
        rows = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM bench_copy.events");
        foreach (var (_, _, _, file) in files)
        {
            File.Delete(file);
        }

        await ExecuteAsync(connectionString, "DROP SCHEMA bench_copy CASCADE");
        return (clock.Elapsed.TotalSeconds, rows, cpu);
    }

    /// <summary>
    /// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the follow-up check's claim with the check's own parameters (no grace days, a
    /// three-day window), over the seeded follow-ups, in a transaction that is rolled back (the append of its change rows
    /// is a COPY through the change log's one column list, not a statement to explain).
    /// </summary>
    public static async Task<List<Plan>> ExplainFollowUpCheckAsync(string connectionString, long followUps)
    {
        // With the API's session settings (no JIT among them), as the check runs.
        await using var connection = new NpgsqlConnection(new Timeline.Api.Platform.Hosting.DatabaseOptions().Apply(connectionString));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<string> ExplainAsync(string sql, params NpgsqlParameter[] parameters)
        {
            await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}", connection, transaction);
            command.Parameters.AddRange(parameters);
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join('\n', lines);
        }

        var now = DateTimeOffset.UtcNow;
        var claim = await ExplainAsync(CheckFollowUpsHandler.ClaimSql,
            new NpgsqlParameter<DateOnly> { TypedValue = today }, new NpgsqlParameter<DateOnly> { TypedValue = today.AddDays(3) },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now },
            new NpgsqlParameter<string> { TypedValue = "followup.overdue" }, new NpgsqlParameter<string> { TypedValue = "followup.due" });
        await transaction.RollbackAsync();
        return
        [
            new($"follow-up check, the claim over {followUps:N0} open follow-ups", CheckFollowUpsHandler.ClaimSql, claim),
        ];
    }

    /// <summary>
    /// Open follow-ups spread over the events: <paramref name="due"/> of them due (half past their day, half within the
    /// due window), the rest due months to years ahead.
    /// </summary>
    public static async Task SeedFollowUpsAsync(string connectionString, long count, int due, string prefix)
    {
        await ExecuteAsync(connectionString, $"""
            WITH ev AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM timeline.events),
            f AS (
              SELECT g, 1 + g % (SELECT count(*) FROM timeline.events) AS rn,
                     CASE WHEN g <= {due / 2} THEN current_date - 10 - (g % 20)
                          WHEN g <= {due} THEN current_date + (g % 3)
                          ELSE current_date + 30 + (g % 3000) END AS day
              FROM generate_series(1, {count}) AS g)
            INSERT INTO timeline.follow_ups (id, event_id, description, due, due_earliest, due_latest, status, created_at, created_by, updated_at, updated_by)
            SELECT gen_random_uuid(), ev.id, '{prefix} expected development ' || f.g, to_char(f.day, 'YYYY-MM-DD'), f.day, f.day, 'open',
                   now(), 'bench', now(), 'bench'
            FROM f JOIN ev ON ev.rn = f.rn
            """);
        // Vacuumed as autovacuum would have done with follow-ups open for a while, rather than during the timed runs.
        await ExecuteAsync(connectionString, "VACUUM ANALYZE timeline.follow_ups, timeline.follow_up_notices");
    }
}

/// <summary>
/// The API's own code in this process, on the benchmark's database: to run the follow-up check as its job does (a
/// command through Mediator), and to see the SQL the timeline query sends, so pgbench can run exactly that.
/// </summary>
public sealed class InProcessApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SqlCapture capture = new();

    public InProcessApi(string connectionString, bool logSql = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Timeline"] = connectionString,
            ["Timeline:RunJobs"] = "false",
            ["Timeline:DataProtection:AllowUnencryptedKeys"] = "true",
            ["Timeline:DemoTimeline"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = logSql ? "Information" : "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        });
        builder.AddTimeline();
        builder.Services.ConfigureDbContext<TimelineDbContext>(o => o.AddInterceptors(capture));
        app = builder.Build();
    }

    /// <summary>The API's services (its DbContext, its JSON options), for writing rows as the API would.</summary>
    public IServiceProvider Services => app.Services;

    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    /// <summary>The SQL the timeline query sends for <paramref name="query"/>, its parameters written in as literals.</summary>
    public async Task<string> TimelineSqlAsync(TimelineQuery query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var resolved = (TimelineQuery)await query.ResolveAsync(db, CancellationToken.None);
        await using var command = TimelineQueryHandler.Views(db, resolved).CreateDbCommand();
        return SqlCapture.Inline(command);
    }

    /// <summary>Every statement a query sends, its parameters written in as literals: what pgbench runs beside the API's path.</summary>
    public async Task<IReadOnlyList<string>> SqlOfAsync<T>(IQuery<T> query)
    {
        lock (capture)
        {
            capture.Commands.Clear();
            capture.On = true;
        }

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
            return [.. capture.Commands];
        }
        finally
        {
            capture.On = false;
        }
    }

    /// <summary>The check, then a repeat; with <paramref name="meter"/> (this process as the API), the first run's CPU too.</summary>
    public async Task<(double FirstMs, FollowUpCheckResult First, double RepeatMs, FollowUpCheckResult Repeat)> TimeFollowUpCheckAsync(
        CpuMeter? meter = null, Action<CpuMeter.Sample>? firstCpu = null)
    {
        var before = meter?.Take();
        var clock = Stopwatch.StartNew();
        var first = await SendAsync(new CheckFollowUps());
        var firstMs = clock.Elapsed.TotalMilliseconds;
        if (meter is not null && before is { } b)
        {
            var after = meter.Take();
            firstCpu?.Invoke(new CpuMeter.Sample(after.ApiMs - b.ApiMs, after.PostgresMs - b.PostgresMs));
        }

        clock.Restart();
        var repeat = await SendAsync(new CheckFollowUps());
        return (firstMs, first, clock.Elapsed.TotalMilliseconds, repeat);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private sealed class SqlCapture : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public bool On { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!On)
            {
                return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
            }

            Commands.Add(Inline(command));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        /// <summary>The command's SQL with its parameters written in as literals, for pgbench and EXPLAIN.</summary>
        public static string Inline(DbCommand command)
        {
            var sql = command.CommandText;
            foreach (var p in command.Parameters.Cast<DbParameter>().OrderByDescending(p => p.ParameterName.Length))
            {
                var name = p.ParameterName.StartsWith('@') ? p.ParameterName : "@" + p.ParameterName;
                sql = System.Text.RegularExpressions.Regex.Replace(sql, System.Text.RegularExpressions.Regex.Escape(name) + @"\b", Literal(p.Value).Replace("$", "$$", StringComparison.Ordinal));
            }

            return sql;
        }

        private static string Literal(object? value) => value switch
        {
            null or DBNull => "NULL",
            string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
            string[] a => "ARRAY[" + string.Join(",", a.Select(Literal)) + "]::text[]",
            DateOnly d when d == DateOnly.MinValue => "'-infinity'::date",
            DateOnly d when d == DateOnly.MaxValue => "'infinity'::date",
            DateOnly d => $"DATE '{d:yyyy-MM-dd}'",
            Guid g => $"'{g}'::uuid",
            bool b => b ? "TRUE" : "FALSE",
            int or long or short => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            DateTimeOffset t => $"'{t.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}'::timestamptz",
            NetTopologySuite.Geometries.Geometry g => $"ST_GeomFromText('{g.AsText()}', {g.SRID})",
            _ => throw new NotSupportedException($"no literal for a {value.GetType()}"),
        };
    }
}
