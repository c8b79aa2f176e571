using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.Timelines;
using Timeline.Benchmarks;

// The benchmark harness. script/bench starts a PostgreSQL cluster, builds the API in Release and runs `run`;
// the integration tests run `smoke`; `micro` runs the BenchmarkDotNet micro-benchmarks (the import's parsing, a timeline page's command).
var command = args.FirstOrDefault() ?? "help";
var options = Options.Parse(args.Skip(1).ToArray());
try
{
    return command switch
    {
        "run" => await Bench.RunAsync(options),
        "smoke" => await Smoke.RunAsync(options),
        "scaling" => await Scaling.RunAsync(options),
        "micro" => Micro.Run(args.Skip(1).ToArray()),
        "check" => await Bench.CheckAsync(options),
        "leads" => await LeadsBench.RepeatAsync(options.Get("connection"), (int)options.Long("runs", 5), (int)options.Long("pause", 3)),
        _ => Usage(),
    };
}
catch (Exception ex)
{
    Console.Error.WriteLine($"bench: {ex}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Timeline.Benchmarks run   --connection CS --api-dll PATH [--sizes 10000,100000,1000000] [--out docs/BENCHMARKS.md]
                                         [--seconds 10] [--subscriptions 10000] [--followups 1000000] [--due 1000] [--chunk 100000] [--work DIR] [--command TEXT]
                                         [--only copy,reads,downloads,writes,changes,followups,names,places] [--keep-database true] [--existing true]
               Timeline.Benchmarks smoke --connection CS --api-dll PATH [--size 10000]
               Timeline.Benchmarks scaling --connection CS --replica CS --api-dll PATH [--instances 1,2,3] [--seconds 10] [--size 10000]
               Timeline.Benchmarks micro [BenchmarkDotNet arguments]
               Timeline.Benchmarks leads --connection CS [--runs 5] [--pause 3]   (the leads check alone, on a database --keep-database true left)
        CS: a PostgreSQL connection string whose role may create databases; each size gets a database of its own.
        """);
    return 2;
}

internal sealed record Options(Dictionary<string, string> Values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Get(string name, string? fallback = null) =>
        Values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public long Long(string name, long fallback) => Values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal static class Bench
{
    public static readonly string[] AllKinds = ["event.recorded", "event.amended", "event.retracted", "followup.due", "followup.overdue", "followup.fulfilled"];

    private static void Say(string text) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    public static async Task<int> RunAsync(Options o)
    {
        var server = o.Get("connection");
        var apiDll = o.Get("api-dll");
        var sizes = o.Get("sizes", "10000,100000,1000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var output = o.Get("out", "docs/BENCHMARKS.md");
        var work = o.Get("work", Path.Combine(Path.GetTempPath(), "timeline-bench"));
        Directory.CreateDirectory(work);
        var settings = new SizeSettings(
            Seconds: (int)o.Long("seconds", 10),
            FollowUps: o.Long("followups", 1_000_000),
            Due: (int)o.Long("due", 1_000),
            Chunk: o.Long("chunk", 100_000),
            Command: o.Get("command", "script/bench"),
            Work: work,
            LogLevel: o.Get("api-log-level", "Warning"),
            Pgbench: o.Get("pgbench", "pgbench"),
            Subscriptions: (int)o.Long("subscriptions", 10_000),
            Only: Measures.Parse(o.Get("only", "")),
            Existing: o.Get("existing", "false") == "true",
            KeepDatabase: o.Get("keep-database", "false") == "true");
        foreach (var size in sizes)
        {
            var result = await RunSizeAsync(server, apiDll, size, settings);
            Report.Write(output, [result]);
            Say($"{size:N0} events written to {output}");
        }

        return 0;
    }

    private sealed record SizeSettings(int Seconds, long FollowUps, int Due, long Chunk, string Command, string Work, string LogLevel, string Pgbench,
        int Subscriptions, IReadOnlySet<string> Only, bool Existing, bool KeepDatabase)
    {
        /// <summary>psql from the same directory as pgbench (Debian keeps both in the server's bin).</summary>
        public string Psql => Path.GetDirectoryName(Pgbench) is { Length: > 0 } dir && File.Exists(Path.Combine(dir, "psql")) ? Path.Combine(dir, "psql") : "psql";
    }

    private static async Task<SizeResult> RunSizeAsync(string server, string apiDll, long size, SizeSettings s)
    {
        var name = $"timeline_bench_{size}";
        Say($"--- {size:N0} events: database {name}");
        // --existing true: the database a run with --keep-database true left, its import done: measured again, not made.
        var cs = s.Existing
            ? new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString
            : await BenchDatabase.CreateAsync(server, name);
        try
        {
            await using var api = await ApiProcess.StartAsync(apiDll, cs, Path.Combine(s.Work, $"api-{size}.log"), s.LogLevel);
            var editorKey = await api.CreateKeyAsync("editor");
            using var editor = api.Client(editorKey);
            if (!s.Existing)
            {
                await SetUpAsync(editor);
            }

            var data = new DataSet();
            var loads = new List<double> { Report.LoadAverage() };
            var meter = new CpuMeter(api.Pid, await CpuMeter.PostmasterOfAsync(cs));

            // 1. Bulk import through the API, in requests of s.Chunk lines (each well under the body limit). A warm-up
            //    first runs every step of an import (parse, validate, COPY, alerts) and is rolled back by its last line.
            var importCpuBefore = meter.Take();
            var importClock = new Stopwatch();
            var requests = 0;
            if (!s.Existing)
            {
                await WarmUpImportAsync(editor, data);
                importCpuBefore = meter.Take();
            }

            for (var from = 0L; from < (s.Existing ? 0 : size); from += s.Chunk)
            {
                var to = Math.Min(size, from + s.Chunk);
                var body = data.Ndjson(from, to);
                importClock.Start();
                var imported = await ImportAsync(editor, body);
                importClock.Stop();
                requests++;
                if (imported != to - from)
                {
                    throw new InvalidOperationException($"imported {imported} of {to - from} lines");
                }

                Say($"imported {to:N0} / {size:N0} ({(to / importClock.Elapsed.TotalSeconds):N0} events/s)");
            }

            var importCpu = meter.Take();
            var afterImport = api.Memory().PeakMiB;
            Say($"import: {size / importClock.Elapsed.TotalSeconds:N0} events/s, API peak {afterImport:N0} MiB");

            // Alerts are matched from the log after commit: the reads below wait for the matcher to finish the import's.
            var importMatched = await Writes.MatcherCaughtUpAsync(cs, TimeSpan.FromHours(1));
            var alerts = await BenchDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM timeline.alerts");
            Say($"the matcher caught up with the import {importMatched:0.0} s after it: {alerts:N0} alerts");

            // 2. The physical reference: the same rows, raw COPY.
            var (copySeconds, copyRows, copyCpuMs) = s.Only.Contains(Measures.Copy) ? await BenchDatabase.RawCopyAsync(cs, s.Work, meter, requests) : (double.NaN, 0L, double.NaN);
            if (copyRows > 0)
            {
                Say($"raw COPY: {copyRows / copySeconds:N0} events/s ({copySeconds:0.0} s)");
            }
            // As autovacuum would after the import; the change log it only analyzes (its storage parameter: no vacuum after inserts).
            await BenchDatabase.ExecuteAsync(cs, "VACUUM ANALYZE timeline.events, timeline.event_revisions, timeline.alerts");
            await BenchDatabase.ExecuteAsync(cs, "ANALYZE timeline.changes");
            var shape = await DataShapeAsync(cs);

            await using var inProcess = new InProcessApi(cs);

            // 3. Reads: the SQL the API sends, run by pgbench beside the API's rate.
            var actorYear = new TimelineQuery { Actor = ["KP"], From = "2023", To = "2023", Limit = "50" };
            var text = new TimelineQuery { Q = "Kursk troops", Limit = "50" };
            var actorYearSql = await inProcess.TimelineSqlAsync(actorYear);
            var textSql = await inProcess.TimelineSqlAsync(text);
            var pageN = (int)Math.Min(1000, (size - 1) / 50);
            var cursor = await CursorOfPageAsync(cs, pageN);
            var pageNSql = await inProcess.TimelineSqlAsync(new TimelineQuery { Limit = "50", Cursor = cursor });
            var actorYearMatches = await BenchDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM timeline.events WHERE actors && ARRAY['KP'] AND latest >= DATE '2023-01-01' AND earliest <= DATE '2023-12-31'");
            var textMatches = await BenchDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM timeline.events WHERE search_vector @@ websearch_to_tsquery('english', 'Kursk troops')");
            var target = PgTarget.From(cs);

            // Each read beside its reference is measured in turn with it, a few rounds (InTurn), each side for this long.
            var round = InTurn.SecondsOf(s.Seconds);

            async Task<Throughput> Api(string path, bool warm)
            {
                loads.Add(Report.LoadAverage());
                if (warm)
                {
                    await Load.WrkGetAsync(api.BaseUrl, path, editorKey, 2, s.Work);
                }

                var gc = await api.GcAsync();
                var before = meter.Take();
                var t = (await Load.WrkGetAsync(api.BaseUrl, path, editorKey, round, s.Work)).Metered(before, meter.Take(), api: true);
                Say($"GET {path}: {t.PerSecond:N0} req/s, p50 {t.P50Ms:0.00} ms, p99 {t.P99Ms:0.00} ms, errors {t.Errors}; API {await api.GcAsync() - gc}");
                return t;
            }

            async Task<Throughput> Pg(string label, string sql, string protocol, bool warm)
            {
                loads.Add(Report.LoadAverage());
                if (warm)
                {
                    await Load.PgbenchAsync(s.Pgbench, target, sql + ";\n", 2, s.Work, protocol);
                }

                var before = meter.Take();
                var t = (await Load.PgbenchAsync(s.Pgbench, target, sql + ";\n", round, s.Work, protocol)).Metered(before, meter.Take(), api: false);
                Say($"pgbench {label}: {t.PerSecond:N0} tps, p50 {t.P50Ms:0.00} ms, p99 {t.P99Ms:0.00} ms, failed {t.Errors}");
                return t;
            }

            Task<(Throughput Api, Throughput Reference)> BesidePgbench(string path, string label, string sql, string protocol = "extended") =>
                InTurn.MeasureAsync(first => Api(path, first), first => Pg(label, sql, protocol, first));

            // A path the server has not answered before is loaded this long before it is measured: the tiered JIT's thread,
            // still compiling an actor search's code, was 15 % of the API's CPU 15–23 s into its load and 2 % after a
            // minute, and took its share from the measured rounds (docs/BENCHMARKS.md, "The thread pool's idle threads sleep").
            const int newPathWarmUp = 45;
            Throughput? actorYearApi = null, actorYearPg = null, textApi = null, textPg = null, page1 = null, pageNApi = null;
            if (s.Only.Contains(Measures.Reads))
            {
                // A server that has been answering for a while: the runtime's tiered JIT and its GC's heap sizing settle
                // over the first minute of load (the first 10 s measured after a 2 s warm-up cost the API 2.2 ms of CPU per
                // request, against 1.2–1.3 ms a minute later), so every read path is loaded for 15 s before any is measured.
                Say("warming up the read paths, 15 s each");
                string[] paths = ["/api/timeline?actor=KP&from=2023&to=2023&limit=50", "/api/timeline?q=Kursk+troops&limit=50", "/api/timeline?limit=50", $"/api/timeline?limit=50&cursor={cursor}"];
                foreach (var path in paths)
                {
                    await Load.WrkGetAsync(api.BaseUrl, path, editorKey, 15, s.Work);
                }

                (actorYearApi, actorYearPg) = await BesidePgbench(paths[0], "actor+year", actorYearSql);
                (textApi, textPg) = await BesidePgbench(paths[1], "text", textSql);
                // Page N beside page 1, in turn alike: the ratio of their medians.
                (pageNApi, page1) = await InTurn.MeasureAsync(first => Api(paths[3], first), first => Api(paths[2], first), (n, one) => n.P50Ms / one.P50Ms);
            }

            // Actor search by name keys, at 100 000 actors of four names each in mixed scripts, beside pgbench running its SQL.
            NameSearchResult? names = null;
            var namesSql = NameSearch.Sql(10);
            if (s.Only.Contains(Measures.Names))
            {
                Say($"recording {NameSearch.Actors:N0} actors with 3 aliases each");
                await NameSearch.SeedAsync(cs);
                var path = $"/api/actors?q={Uri.EscapeDataString(NameSearch.Query)}&limit=10";
                await Load.WrkGetAsync(api.BaseUrl, path, editorKey, newPathWarmUp, s.Work);
                // Prepared, as the API prepares the search (its plan, some 4 ms, is made once a connection).
                var (namesApi, namesPg) = await BesidePgbench(path, "actor names", NameSearch.Script(10), "prepared");
                var matches = await NameSearch.CountAsync(cs);
                names = new NameSearchResult(NameSearch.Actors, NameSearch.Query, matches, namesApi, namesPg);
            }

            // A measure's page at 1 000 claims: the measure, its claims and their summary, beside pgbench running the statements it sends.
            MeasurePageResult? measurePage = null;
            IReadOnlyList<string> measureSql = [];
            if (s.Only.Contains(Measures.MeasurePages))
            {
                // A database an earlier run left (--existing) has the measure already.
                if (await BenchDatabase.ScalarAsync<long>(cs, $"SELECT count(*) FROM timeline.measures WHERE code = '{MeasurePage.Code}'") == 0)
                {
                    Say($"recording a measure with {MeasurePage.Claims:N0} claims");
                    await MeasurePage.SeedAsync(inProcess);
                }
                await BenchDatabase.ExecuteAsync(cs, "VACUUM ANALYZE timeline.claims, timeline.measures");
                // The measure, then its claims: the two statements the page sends in one batch.
                measureSql = [.. new[] { Timeline.Api.Features.Measures.ShowMeasureHandler.MeasureSql, Timeline.Api.Features.Measures.ShowMeasureHandler.ClaimsSql }
                    .Select(sql => sql.Replace("$1", $"'{MeasurePage.Code}'", StringComparison.Ordinal))];
                var path = $"/api/measures/{MeasurePage.Code}";
                await Load.WrkGetAsync(api.BaseUrl, path, editorKey, newPathWarmUp, s.Work);
                var (measureApi, measurePg) = await BesidePgbench(path, $"measure page ({measureSql.Count} statements)", string.Join(";\n", measureSql));
                measurePage = new MeasurePageResult(MeasurePage.Claims, measureSql.Count, measureApi, measurePg);
            }

            // The timeline in a box, a third of the events placed, beside pgbench running its SQL (GiST on the footprints).
            PlaceReadsResult? placeReads = null;
            var placesSql = await inProcess.TimelineSqlAsync(new TimelineQuery { Bbox = PlaceReads.Box, Limit = "50" });
            if (s.Only.Contains(Measures.Places))
            {
                var (placed, matches) = await PlaceReads.CountAsync(cs);
                Say($"{placed:N0} events placed at {DataSetPlaces.Describe()}; {matches:N0} in the box {PlaceReads.Box}");
                var path = $"/api/timeline?bbox={PlaceReads.Box}&limit=50";
                await Load.WrkGetAsync(api.BaseUrl, path, editorKey, newPathWarmUp, s.Work);
                var (placesApi, placesPg) = await BesidePgbench(path, "timeline bbox", placesSql);
                placeReads = new PlaceReadsResult(placed, PlaceReads.Box, matches, placesApi, placesPg);
            }

            // Watched sources: an FtM delta of 10 000 sanctions recorded as leads in one check, beside raw COPY of the same rows;
            // possible duplicates of one body at this many events.
            LeadsResult? leads = null;
            if (s.Only.Contains(Measures.Leads))
            {
                loads.Add(Report.LoadAverage());
                leads = await LeadsBench.MeasureAsync(cs, inProcess, size, Say);
            }

            // The whole timeline downloaded in each format, beside psql's COPY of the same rows.
            DownloadsResult? downloads = null;
            if (s.Only.Contains(Measures.Downloads))
            {
                loads.Add(Report.LoadAverage());
                var downloadSql = await inProcess.TimelineSqlAsync(new TimelineQuery { Limit = "500" });
                downloads = await Downloads.MeasureAsync(api, editorKey, cs, meter, s.Psql, downloadSql, Say);
            }

            // 4. Writes: single events at concurrency 16 with no subscription and with many, beside the same INSERTs by pgbench;
            //    then the whole change log streamed as NDJSON, beside COPY of it.
            WriteResult? writes = null;
            if (s.Only.Contains(Measures.Writes))
            {
                writes = await Writes.MeasureAsync(new Writes.Context(api, editorKey, cs, meter, inProcess, s.Seconds, s.Work, s.Pgbench, loads, Say), s.Subscriptions);
            }

            ChangeStreamResult? stream = null;
            if (s.Only.Contains(Measures.Changes))
            {
                loads.Add(Report.LoadAverage());
                stream = await ChangeStream.MeasureAsync(api, editorKey, cs, meter, s.Psql);
                Say($"GET /api/changes NDJSON: {stream.Changes:N0} changes in {stream.Seconds:0.0} s ({stream.PerSecond:N0}/s), first bytes {stream.FirstByteMs:0} ms, API peak {stream.PeakBeforeMiB:N0} → {stream.PeakAfterMiB:N0} MiB; COPY {stream.CopyPerSecond:N0}/s");
            }

            var plans = new List<Plan>();
            if (leads is not null)
            {
                plans.Add(leads.Plan);
            }

            if (s.Only.Contains(Measures.Reads))
            {
                plans.Add(new("timeline, actor KP and 2023", actorYearSql, await BenchDatabase.ExplainAsync(cs, actorYearSql)));
                plans.Add(new("timeline, q=Kursk troops", textSql, await BenchDatabase.ExplainAsync(cs, textSql)));
                plans.Add(new($"timeline, page {pageN} through the cursor", pageNSql, await BenchDatabase.ExplainAsync(cs, pageNSql)));
            }

            if (placeReads is not null)
            {
                plans.Add(new($"timeline, bbox={PlaceReads.Box}", placesSql, await BenchDatabase.ExplainAsync(cs, placesSql)));
            }

            if (names is not null)
            {
                plans.Add(new($"actor search, q={NameSearch.Query}", namesSql, await BenchDatabase.ExplainAsync(cs, namesSql)));
            }

            foreach (var (sql, i) in measureSql.Select((sql, i) => (sql, i)))
            {
                plans.Add(new($"measure page at {MeasurePage.Claims:N0} claims, statement {i + 1}", sql, await BenchDatabase.ExplainAsync(cs, sql)));
            }

            // 5. The follow-up check: warmed up, then timed with s.FollowUps open of which s.Due are due (three runs). Its
            //    statements' plans are taken first, on the same rows, in a transaction rolled back.
            double firstMs = double.NaN, repeatMs = double.NaN;
            var firstResult = "";
            if (s.Only.Contains(Measures.FollowUps))
            {
                await WarmUpFollowUpCheckAsync(cs, inProcess);
                await BenchDatabase.SeedFollowUpsAsync(cs, s.FollowUps, s.Due, "bench");
                loads.Add(Report.LoadAverage());
                plans.AddRange(await BenchDatabase.ExplainFollowUpCheckAsync(cs, s.FollowUps));
                var median = await TimeFollowUpTrialsAsync(cs, inProcess, s.Due, new CpuMeter(Environment.ProcessId, await CpuMeter.PostmasterOfAsync(cs)));
                (firstMs, repeatMs) = (median.Ms, median.RepeatMs);
                firstResult = median.Text;
                Say($"follow-up check: {firstMs:0.0} ms ({median.Text}), repeat {repeatMs:0.0} ms");
            }

            var peak = api.Memory().PeakMiB;
            Say($"API peak memory {peak:N0} MiB");
            return new SizeResult
            {
                Events = size,
                When = DateTimeOffset.UtcNow,
                Machine = Report.Machine() + ", " + await BenchDatabase.ScalarAsync<string>(cs, "SELECT split_part(version(), ' on ', 1)"),
                Command = s.Command,
                DataShape = shape,
                ImportRequests = requests,
                ImportSeconds = importClock.Elapsed.TotalSeconds,
                ImportAlerts = alerts,
                CopySeconds = copySeconds,
                CopyRows = copyRows,
                Writes = writes,
                Stream = stream,
                Downloads = downloads,
                Names = names,
                MeasurePage = measurePage,
                PlaceReads = placeReads,
                Leads = leads,
                Only = s.Only,
                ImportMatchedSeconds = importMatched,
                ActorYearApi = actorYearApi,
                ActorYearPgbench = actorYearPg,
                ActorYearMatches = actorYearMatches,
                TextApi = textApi,
                TextPgbench = textPg,
                TextMatches = textMatches,
                Page1Api = page1,
                PageNApi = pageNApi,
                PageN = pageN,
                FollowUps = s.FollowUps,
                FollowUpsDue = s.Due,
                FollowUpFirstMs = firstMs,
                FollowUpFirstResult = firstResult,
                FollowUpRepeatMs = repeatMs,
                PeakMiB = peak,
                PeakAfterImportMiB = afterImport,
                Plans = plans,
                Loads = loads,
                ImportApiCpuSeconds = (importCpu.ApiMs - importCpuBefore.ApiMs) / 1000,
                ImportPostgresCpuSeconds = (importCpu.PostgresMs - importCpuBefore.PostgresMs) / 1000,
                CopyPostgresCpuSeconds = copyCpuMs / 1000,
            };
        }
        finally
        {
            if (!s.KeepDatabase && !s.Existing)
            {
                await BenchDatabase.DropAsync(server, name);
            }
        }
    }

    /// <summary>
    /// Actors and places of the data set (a place must be recorded before an imported line names it), and a subscription
    /// (actor KP, every kind) so that imports and the check raise alerts.
    /// </summary>
    internal static async Task SetUpAsync(HttpClient editor)
    {
        foreach (var actor in DataSet.Actors)
        {
            var response = await editor.PostAsJsonAsync("/api/actors", new { code = actor.Code, name = actor.Name, kind = actor.Kind });
            response.EnsureSuccessStatusCode();
        }

        // Some 400 places, eight at a time: seconds, not the smoke run's minutes.
        await Parallel.ForEachAsync(DataSetPlaces.All, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (place, ct) =>
        {
            using var response = await editor.PostAsJsonAsync("/api/places", DataSetPlaces.Body(place), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"recording place {place.Code} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        var subscribed = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "KP watch", filter = new { actor = new[] { "KP" } }, kinds = AllKinds });
        subscribed.EnsureSuccessStatusCode();
    }

    internal static async Task<long> ImportAsync(HttpClient editor, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await editor.PostAsync("/api/events/import", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {text[..Math.Min(2000, text.Length)]}");
        }

        return (long)JsonNode.Parse(text)!["imported"]!;
    }

    private static async Task WarmUpImportAsync(HttpClient editor, DataSet data)
    {
        var body = data.Ndjson(-5_000, 0).Concat("{}\n"u8.ToArray()).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await editor.PostAsync("/api/events/import", content);
        if ((int)response.StatusCode != 422)
        {
            throw new InvalidOperationException($"the warm-up import should be rejected as a whole, not {(int)response.StatusCode}");
        }
    }

    /// <summary>The cursor that <c>nextCursor</c> of page <paramref name="page"/> − 1 would be, found in one query.</summary>
    private static async Task<string> CursorOfPageAsync(string cs, int page)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT earliest, latest, id FROM timeline.events ORDER BY earliest, latest, id OFFSET {(page - 1) * 50 - 1} LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"there is no page {page}");
        }

        return new TimelineCursor(reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1), reader.GetGuid(2), false).Encode();
    }

    private static async Task<string> DataShapeAsync(string cs)
    {
        var precision = await BenchDatabase.ScalarAsync<string>(cs, """
            SELECT string_agg(format('%s %s%%', precision, round(100.0 * n / total)), ', ' ORDER BY n DESC)
            FROM (SELECT precision, count(*) AS n, sum(count(*)) OVER () AS total FROM timeline.events GROUP BY precision) p
            """);
        var stats = await BenchDatabase.ScalarAsync<string>(cs, """
            SELECT format('%s events, %s revisions; %s sources per event on average; %s actors and %s tags per event; %s%% with a qualifier; %s%% with an open end; %s distinct tags; %s MB of events with their indexes',
              count(*), (SELECT count(*) FROM timeline.event_revisions), round(avg(jsonb_array_length(sources)), 2),
              round(avg(cardinality(actors)), 2), round(avg(cardinality(tags)), 2),
              round(100.0 * count(*) FILTER (WHERE uncertain OR approximate) / count(*), 1),
              round(100.0 * count(*) FILTER (WHERE earliest = '-infinity' OR latest = 'infinity') / count(*), 1),
              (SELECT count(DISTINCT t) FROM timeline.events, unnest(tags) t),
              pg_total_relation_size('timeline.events') / 1000000)
            FROM timeline.events
            """);
        var types = await BenchDatabase.ScalarAsync<string>(cs, """
            SELECT string_agg(format('%s %s%%', type, round(100.0 * n / total)), ', ' ORDER BY n DESC)
            FROM (SELECT type, count(*) AS n, sum(count(*)) OVER () AS total FROM timeline.events GROUP BY type) t
            """);
        return $"{stats}. Precision: {precision}. Types: {types}.";
    }

    /// <summary>
    /// The check as a server that has run it for a while has it: three runs of 200 due follow-ups, a pause after each for
    /// the runtime's tiered JIT to compile what they ran hot (one run of 20 left the per-row code unoptimised: reading
    /// and writing 1 000 follow-ups' JSON then took 16 ms), and every follow-up then cancelled.
    /// </summary>
    private static async Task WarmUpFollowUpCheckAsync(string cs, InProcessApi inProcess)
    {
        for (var run = 0; run < 3; run++)
        {
            await BenchDatabase.SeedFollowUpsAsync(cs, 200, 200, $"warm-up {run}");
            await inProcess.SendAsync(new Timeline.Api.Features.FollowUps.CheckFollowUps());
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await BenchDatabase.ExecuteAsync(cs, "UPDATE timeline.follow_ups SET status = 'cancelled' WHERE status IN ('open', 'overdue')");
    }

    /// <summary>The follow-up check alone, on an existing database: seeds follow-ups, then times the check (SQL logged with --log true).</summary>
    public static async Task<int> CheckAsync(Options o)
    {
        var cs = o.Get("connection");
        await using var inProcess = new InProcessApi(cs, o.Get("log", "false") == "true");
        await WarmUpFollowUpCheckAsync(cs, inProcess);
        await BenchDatabase.SeedFollowUpsAsync(cs, o.Long("followups", 1_000_000), (int)o.Long("due", 1_000), "bench");
        Console.WriteLine("--- timed");
        var median = await TimeFollowUpTrialsAsync(cs, inProcess, (int)o.Long("due", 1_000), new CpuMeter(Environment.ProcessId, await CpuMeter.PostmasterOfAsync(cs)));
        Console.WriteLine(FormattableString.Invariant($"follow-up check: {median.Ms:0.0} ms ({median.Text}), repeat {median.RepeatMs:0.0} ms"));
        return 0;
    }

    /// <summary>
    /// Three runs of the check, each on <paramref name="due"/> follow-ups newly due among the million open (the first on
    /// those seeded with them, the next two on as many seeded after), each followed by a repeat run that raises nothing;
    /// the median run, with every run's time. One run's time moves by a third with where its writes land in the change
    /// log's pages and what the WAL flush at its commit waits for.
    /// </summary>
    private static async Task<(double Ms, double RepeatMs, string Text)> TimeFollowUpTrialsAsync(string cs, InProcessApi inProcess, int due, CpuMeter meter)
    {
        var runs = new List<(double Ms, double RepeatMs, FollowUpCheckResult Result, CpuMeter.Sample Cpu)>();
        for (var run = 0; run < 3; run++)
        {
            if (run > 0)
            {
                await BenchDatabase.SeedFollowUpsAsync(cs, due, due, $"bench run {run}");
            }

            var cpu = new CpuMeter.Sample(double.NaN, double.NaN);
            var (ms, first, repeatMs, _) = await inProcess.TimeFollowUpCheckAsync(meter, c => cpu = c);
            runs.Add((ms, repeatMs, first, cpu));
        }

        var median = runs.OrderBy(r => r.Ms).ElementAt(runs.Count / 2);
        var all = string.Join(", ", runs.Select(r => r.Ms.ToString("0.0", CultureInfo.InvariantCulture)));
        return (median.Ms, median.RepeatMs, FormattableString.Invariant(
            $"{median.Result.Due} due and {median.Result.Overdue} overdue raised; CPU: the check's process {median.Cpu.ApiMs:0} ms, PostgreSQL {median.Cpu.PostgresMs:0} ms; the median of 3 runs: {all} ms"));
    }
}

/// <summary>The measurements a run can be limited to (<c>--only</c>); the import, which fills the database, always runs.</summary>
internal static class Measures
{
    public const string Copy = "copy";
    public const string Reads = "reads";
    public const string Downloads = "downloads";
    public const string Writes = "writes";
    public const string Changes = "changes";
    public const string FollowUps = "followups";
    public const string Names = "names";
    public const string MeasurePages = "measures";
    public const string Places = "places";
    public const string Leads = "leads";
    public static readonly string[] All = [Copy, Reads, Downloads, Writes, Changes, FollowUps, Names, MeasurePages, Places, Leads];

    public static IReadOnlySet<string> Parse(string only)
    {
        if (only.Length == 0)
        {
            return All.ToHashSet();
        }

        var wanted = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = wanted.Except(All).ToList();
        return unknown.Count == 0 ? wanted : throw new ArgumentException($"--only takes {string.Join(",", All)}, not {string.Join(",", unknown)}");
    }
}
