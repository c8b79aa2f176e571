using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Api.Features.Duplicates;
using Timeline.Api.Features.Leads;
using Timeline.Api.Features.Watches;
using Timeline.Core.Data;

namespace Timeline.Benchmarks;

/// <summary>
/// An FtM delta of <see cref="Items"/> sanctions arriving in one check, read and recorded as leads (the check's own code,
/// from the document's bytes to the commit), beside a raw binary COPY of the same rows (the leads and their change-log
/// rows) into copies of the tables; and the possible duplicates of one body, p50 and p99 over <see cref="Probes"/> bodies.
/// </summary>
public sealed record LeadsResult(int Items, double CheckSeconds, double CopySeconds, int Probes, double DuplicatesP50Ms, double DuplicatesP99Ms, long Events,
    int CandidatesP50, int CandidatesP99, int CandidatesMax, Plan Plan)
{
    public double Ratio => CopySeconds / CheckSeconds;
}

public static class LeadsBench
{
    public const int Items = 10_000;
    public const int Probes = 300;

    /// <summary>Timed checks, each of a new delta under its own watch beside the raw COPY of its rows; the median is reported.</summary>
    public const int Runs = 5;

    public static async Task<LeadsResult> MeasureAsync(string cs, InProcessApi api, long events, Action<string> say)
    {
        // Warm-up: the same path on documents of the same size under other watches, as a server that has checked watches
        // before has run it, so the timed runs are not the first JIT of it (the runtime recompiles hot code after its first
        // calls, in the background: with smaller documents the first timed checks still paid twice the CPU of later ones).
        for (var w = 0; w < 3; w++)
        {
            var warm = Guid.CreateVersion7();
            await BenchDatabase.ExecuteAsync(cs, WatchRow(warm, $"bench warm-up {w}"));
            await api.SendAsync(new RecordLeads(warm, FeedDocument.Read(Encoding.UTF8.GetBytes(Delta(Items))), null, null));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));

        // The median of a few checks, each beside its own reference, so that one disturbed by the machine does not decide.
        var runs = new List<(double Check, double Copy)>();
        for (var run = 0; run < Runs; run++)
        {
            var watch = Guid.CreateVersion7();
            await BenchDatabase.ExecuteAsync(cs, WatchRow(watch, $"bench delta {run}"));
            var delta = Encoding.UTF8.GetBytes(Delta(Items));
            // The process's CPU time beside the wall clock: on a loaded machine it tells the check's own work from its waiting.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var gc = GcMeter.Take();
            var clock = Stopwatch.StartNew();
            var result = await api.SendAsync(new RecordLeads(watch, FeedDocument.Read(delta), null, null));
            var check = clock.Elapsed.TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var collected = GcMeter.Take() - gc;
            if (result.New != Items)
            {
                throw new InvalidOperationException($"the check recorded {result.New} leads of {Items}");
            }

            var copy = await RawCopyAsync(cs, watch);
            say($"leads, run {run + 1}: {Items:N0} FtM sanctions read and recorded in {check:0.00} s ({Items / check:N0}/s), {cpu.TotalSeconds:0.00} s of CPU in this process, {collected}; raw COPY of the same rows {copy:0.00} s: {copy / check:0.00}×");
            runs.Add((check, copy));
        }

        var median = runs.OrderBy(r => r.Copy / r.Check).ElementAt(Runs / 2);
        var (checkSeconds, copySeconds) = median;

        var times = new List<double>(Probes);
        var bodies = await ProbesAsync(cs);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            foreach (var probe in bodies.Take(20))
            {
                await PossibleDuplicates.FindAsync(db, probe, CancellationToken.None);
            }

            foreach (var probe in bodies)
            {
                var t = Stopwatch.StartNew();
                await PossibleDuplicates.FindAsync(db, probe, CancellationToken.None);
                times.Add(t.Elapsed.TotalMilliseconds);
            }
        }

        var slowest = bodies[times.IndexOf(times.Max())];
        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)];
        var candidates = new List<int>();
        foreach (var probe in bodies)
        {
            candidates.Add(await CandidatesAsync(cs, probe));
        }

        candidates.Sort();
        var c50 = candidates[candidates.Count / 2];
        var c99 = candidates[Math.Min(candidates.Count - 1, (int)Math.Ceiling(candidates.Count * 0.99) - 1)];
        say($"possible duplicates of one body at {events:N0} events: p50 {p50:0.0} ms, p99 {p99:0.0} ms ({times.Count} bodies); candidates p50 {c50}, p99 {c99}, max {candidates[^1]}");
        return new LeadsResult(Items, checkSeconds, copySeconds, times.Count, p50, p99, events, c50, c99, candidates[^1], await PlanAsync(cs, slowest, events));
    }

    /// <summary>
    /// The check alone on an existing database, <paramref name="runs"/> times after the warm-up, each beside the raw COPY
    /// of its rows, with the CPU time of this process and of PostgreSQL: for profiling the check (`leads --connection CS`).
    /// </summary>
    public static async Task<int> RepeatAsync(string cs, int runs, int pauseSeconds)
    {
        await using var api = new InProcessApi(cs);
        for (var w = 0; w < 3; w++)
        {
            var warm = Guid.CreateVersion7();
            await BenchDatabase.ExecuteAsync(cs, WatchRow(warm, $"bench warm-up {w}"));
            await api.SendAsync(new RecordLeads(warm, FeedDocument.Read(Encoding.UTF8.GetBytes(Delta(1_000))), null, null));
        }

        var meter = new CpuMeter(Environment.ProcessId, await CpuMeter.PostmasterOfAsync(cs));
        for (var run = 0; run < runs; run++)
        {
            await Task.Delay(TimeSpan.FromSeconds(pauseSeconds));
            var watch = Guid.CreateVersion7();
            await BenchDatabase.ExecuteAsync(cs, WatchRow(watch, "bench delta"));
            var delta = Encoding.UTF8.GetBytes(Delta(Items));
            var before = meter.Take();
            var gc = GcMeter.Take();
            var clock = Stopwatch.StartNew();
            var result = await api.SendAsync(new RecordLeads(watch, FeedDocument.Read(delta), null, null));
            var check = clock.Elapsed.TotalSeconds;
            var after = meter.Take();
            var collected = GcMeter.Take() - gc;
            var copy = await RawCopyAsync(cs, watch);
            Console.WriteLine(FormattableString.Invariant(
                $"run {run}: {result.New} leads in {check:0.000} s (CPU: this process {after.ApiMs - before.ApiMs:0} ms, PostgreSQL {after.PostgresMs - before.PostgresMs:0} ms; {collected}); raw COPY {copy:0.000} s: {copy / check:0.00}×; load {Report.LoadAverage():0.0}"));
        }

        return 0;
    }

    /// <summary>How many events the statement gathers for a body before they are scored.</summary>
    private static async Task<int> CandidatesAsync(string cs, DuplicateProbe probe)
    {
        if (PossibleDuplicates.StatementOf(probe) is not { } statement)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM ({statement.CommandText}) AS candidates", connection);
        Copy(statement, command);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The slowest body's statement, explained with its parameters as the API sends them.</summary>
    private static async Task<Plan> PlanAsync(string cs, DuplicateProbe probe, long events)
    {
        var statement = PossibleDuplicates.StatementOf(probe)!;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statement.CommandText, connection);
        Copy(statement, command);
        var plan = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        var parameters = string.Join(", ", statement.Parameters.Select((p, i) => $"${i + 1} = {Shown(p.Value)}"));
        return new Plan("possible duplicates of the slowest body", $"-- {parameters}\n{statement.CommandText}", plan.ToString());
    }

    private static string Shown(object? value) => value switch
    {
        null or DBNull => "null",
        string[] array => "{" + string.Join(",", array) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void Copy(NpgsqlBatchCommand from, NpgsqlCommand to)
    {
        foreach (NpgsqlParameter p in from.Parameters)
        {
            to.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = p.NpgsqlDbType, Value = p.Value });
        }
    }

    private static string WatchRow(Guid id, string name) =>
        "INSERT INTO timeline.watches (id, name, url, every, every_seconds, include, exclude, created_at, created_by, next_check_at, failures) " +
        $"VALUES ('{id}', '{name}', 'https://data.example.org/{id}.json', 'PT1H', 3600, '{{}}', '{{}}', now(), 'bench', now() + interval '1 day', 0)";

    /// <summary>An OpenSanctions delta: a person and the sanction naming it, per item.</summary>
    public static string Delta(int items)
    {
        var text = new StringBuilder(items * 400);
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < items; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var person = "NK-p" + run + n;
            text.Append("{\"op\":\"ADD\",\"entity\":{\"id\":\"").Append(person).Append("\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ri Chol ")
                .Append(n).Append("\"],\"alias\":[\"Ri Chol-").Append(n).Append("\"]}}}\n");
            text.Append("{\"op\":\"ADD\",\"entity\":{\"id\":\"NK-s").Append(run).Append(n).Append("\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"")
                .Append(person).Append("\"],\"authority\":[\"US OFAC\"],\"program\":[\"DPRK3\"],\"startDate\":[\"2024-10-23\"],")
                .Append("\"reason\":[\"Procurement for the Munitions Industry Department, listing ").Append(n)
                .Append("\"],\"sourceUrl\":[\"https://ofac.example.gov/recent-actions/").Append(n).Append("\"]}}}\n");
        }

        return text.ToString();
    }

    /// <summary>The rows the check wrote (its leads and their change rows) exported, then timed as one binary COPY into copies of the tables.</summary>
    private static async Task<double> RawCopyAsync(string cs, Guid watch)
    {
        await BenchDatabase.ExecuteAsync(cs, """
            DROP SCHEMA IF EXISTS bench_leads CASCADE;
            CREATE SCHEMA bench_leads;
            CREATE TABLE bench_leads.leads (LIKE timeline.leads INCLUDING ALL);
            CREATE TABLE bench_leads.changes (LIKE timeline.changes INCLUDING ALL);
            """);
        // LIKE copies the indexes, defaults and identity but not foreign keys: the leads' key to the events is added, so
        // that each row fires the same check (on a null event_id, as a new lead has) as in the real table.
        await BenchDatabase.ExecuteAsync(cs,
            "ALTER TABLE bench_leads.leads ADD CONSTRAINT fk_bench_leads_events_event_id FOREIGN KEY (event_id) REFERENCES timeline.events (id) ON DELETE RESTRICT");
        // The tables' statistics brought up to date first (not timed): analysed before the check's leads existed, the
        // planner took the watch's leads for one row and read every change row once a lead, for minutes.
        await BenchDatabase.ExecuteAsync(cs, "ANALYZE timeline.leads, timeline.changes");
        const string LeadColumns = "id, watch_id, item_id, url, title, text, published, found_at, status, changed, actors, previous, version, updated_at, updated_by";
        const string ChangeColumns = "at, kind, entity, entity_id, version, data";
        byte[] leads, changes;
        // No command timeout for the export: on a loaded machine the change rows' query can take longer than the default.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ConnectionString))
        {
            await connection.OpenAsync();
            leads = await ExportAsync(connection, $"COPY (SELECT {LeadColumns} FROM timeline.leads WHERE watch_id = '{watch}') TO STDOUT (FORMAT BINARY)");
            changes = await ExportAsync(connection,
                $"COPY (SELECT {ChangeColumns} FROM timeline.changes WHERE entity = 'lead' AND entity_id IN (SELECT id::text FROM timeline.leads WHERE watch_id = '{watch}')) TO STDOUT (FORMAT BINARY)");
        }

        await using var target = new NpgsqlConnection(cs);
        await target.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var transaction = await target.BeginTransactionAsync();
        await ImportAsync(target, $"COPY bench_leads.leads ({LeadColumns}) FROM STDIN (FORMAT BINARY)", leads);
        await ImportAsync(target, $"COPY bench_leads.changes ({ChangeColumns}) FROM STDIN (FORMAT BINARY)", changes);
        await transaction.CommitAsync();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<byte[]> ExportAsync(NpgsqlConnection connection, string sql)
    {
        using var buffer = new MemoryStream();
        await using (var export = await connection.BeginRawBinaryCopyAsync(sql))
        {
            await export.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    private static async Task ImportAsync(NpgsqlConnection connection, string sql, byte[] rows)
    {
        await using var import = await connection.BeginRawBinaryCopyAsync(sql);
        await import.WriteAsync(rows);
    }

    /// <summary>Bodies about to be recorded: recorded events' titles reworded, their spans and actors, spread over the table.</summary>
    private static async Task<List<DuplicateProbe>> ProbesAsync(string cs)
    {
        var probes = new List<DuplicateProbe>();
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT title, earliest, latest, actors FROM timeline.events TABLESAMPLE SYSTEM (5) WHERE earliest > '-infinity' AND latest < 'infinity' LIMIT {Probes}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            probes.Add(new DuplicateProbe("Reported: " + reader.GetString(0), "", reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2),
                reader.GetFieldValue<string[]>(3), []));
        }

        return probes;
    }
}
