using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Timeline.Benchmarks;

public sealed record Plan(string Name, string Sql, string Explain);

/// <summary>Every figure of one size.</summary>
public sealed record SizeResult
{
    public required long Events { get; init; }
    public required DateTimeOffset When { get; init; }
    public required string Machine { get; init; }
    public required string Command { get; init; }
    public required string DataShape { get; init; }
    public required int ImportRequests { get; init; }
    public required double ImportSeconds { get; init; }
    public required long ImportAlerts { get; init; }
    public required double CopySeconds { get; init; }
    public required long CopyRows { get; init; }
    public required WriteResult? Writes { get; init; }
    public required ChangeStreamResult? Stream { get; init; }
    public required double ImportMatchedSeconds { get; init; }
    public required Throughput? ActorYearApi { get; init; }
    public required Throughput? ActorYearPgbench { get; init; }
    public required long ActorYearMatches { get; init; }
    public required Throughput? TextApi { get; init; }
    public required Throughput? TextPgbench { get; init; }
    public required long TextMatches { get; init; }
    public required Throughput? Page1Api { get; init; }
    public required Throughput? PageNApi { get; init; }
    public required int PageN { get; init; }
    public required long FollowUps { get; init; }
    public required int FollowUpsDue { get; init; }
    public required double FollowUpFirstMs { get; init; }
    public required string FollowUpFirstResult { get; init; }
    public required double FollowUpRepeatMs { get; init; }
    public required double PeakMiB { get; init; }
    public required double PeakAfterImportMiB { get; init; }
    public required IReadOnlyList<Plan> Plans { get; init; }
    public required IReadOnlyList<double> Loads { get; init; }
    public required double ImportApiCpuSeconds { get; init; }
    public required double ImportPostgresCpuSeconds { get; init; }
    public required double CopyPostgresCpuSeconds { get; init; }
    public required DownloadsResult? Downloads { get; init; }
    public NameSearchResult? Names { get; init; }
    public MeasurePageResult? MeasurePage { get; init; }
    public PlaceReadsResult? PlaceReads { get; init; }
    public LeadsResult? Leads { get; init; }

    /// <summary>What this run measured (<c>--only</c>); the rest of the section says it was not measured.</summary>
    public required IReadOnlySet<string> Only { get; init; }

    public double ImportRate => Events / ImportSeconds;
    public double CopyRate => CopyRows / CopySeconds;
}

public static class Report
{
    public const string Begin = "<!-- bench:begin (script/bench writes from here to bench:end; edit outside) -->";
    public const string End = "<!-- bench:end -->";

    private static string F(double v, string format = "0") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Ratio(double api, double reference) => reference > 0 ? F(api / reference, "0.00") : "–";

    /// <summary>The ratio of the rates, and every round's when the two were measured in turn: <c>0.52 (rounds 0.48, 0.55, 0.52)</c>.</summary>
    private static string Ratio(Throughput api, Throughput reference) => Ratio(api.PerSecond, reference.PerSecond) + Rounds(api);

    private static string Rounds(Throughput api) =>
        api.RoundRatios is { } rounds ? $" (rounds {string.Join(", ", rounds.Select(r => F(r, "0.00")))})" : "";

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    public static string Render(SizeResult r)
    {
        var s = new StringBuilder();
        var size = r.Events.ToString("N0", CultureInfo.InvariantCulture);
        s.AppendLine(CultureInfo.InvariantCulture, $"<!-- bench:size={r.Events} -->");
        s.AppendLine(CultureInfo.InvariantCulture, $"### {size} events");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Run {r.When:yyyy-MM-dd HH:mm} UTC on {r.Machine}; `{r.Command}`.");
        s.AppendLine(CultureInfo.InvariantCulture, $"Data set: {r.DataShape}");
        s.AppendLine();
        s.AppendLine("| measure | the API | physical reference | ratio | target at 1 M | at this size |");
        s.AppendLine("|---|---|---|---|---|---|");
        if (r.ImportRequests > 0)
        {
            var importRatio = r.ImportRate / r.CopyRate;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| bulk import, events/s ({r.ImportRequests} NDJSON request{(r.ImportRequests == 1 ? "" : "s")}; {r.ImportAlerts:N0} alerts, matched after commit, the last {F(r.ImportMatchedSeconds, "0.0")} s after the import) | {F(r.ImportRate)} ({F(r.ImportSeconds, "0.0")} s; CPU: API {F(r.ImportApiCpuSeconds, "0.0")} s, PostgreSQL {F(r.ImportPostgresCpuSeconds, "0.0")} s) | raw binary `COPY` of the same rows (events, revisions, change rows, alerts): {F(r.CopyRate)} ({F(r.CopySeconds, "0.0")} s; CPU: PostgreSQL {F(r.CopyPostgresCpuSeconds, "0.0")} s) | {Ratio(r.ImportRate, r.CopyRate)} | ≥ 0.80 | {(double.IsNaN(importRatio) ? "–" : Verdict(importRatio >= 0.8))} |");
        }
        else
        {
            NotMeasured(s, "bulk import, events/s", "≥ 0.80");
        }

        if (r.Writes is { } writes)
        {
            WriteRows(s, writes);
        }
        else
        {
            NotMeasured(s, "`POST /api/events`, c16, without and with subscriptions; alert lag", "≥ 0.60 with the API's CPU per write ≤ PostgreSQL's; within 1.2×; p99 < 1 s");
        }

        if (r.Stream is { } stream)
        {
            StreamRow(s, stream);
        }
        else
        {
            NotMeasured(s, "`GET /api/changes` as NDJSON, the whole log", "≥ 0.50; first bytes < 1 s, not held in memory");
        }

        if (r.Downloads is { } downloads)
        {
            DownloadRows(s, downloads);
        }
        else
        {
            NotMeasured(s, "`GET /api/timeline/download` (csv, ndjson, ftm, timelinejs, geojson), the whole timeline", "≥ 0.50; first bytes < 1 s, memory flat");
        }

        if (r is { ActorYearApi: { } actorYearApi, ActorYearPgbench: { } actorYearPg, TextApi: { } textApi, TextPgbench: { } textPg, Page1Api: { } page1, PageNApi: { } pageN })
        {
            ReadRows(s, r, actorYearApi, actorYearPg, textApi, textPg, page1, pageN);
        }
        else
        {
            NotMeasured(s, "`GET /api/timeline` (actor and year, text, page N through the cursor), c16", $"{ReadTarget}; page N ≤ 1.5× page 1");
        }

        if (r.Names is { } n)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `GET /api/actors?q={n.Query.Replace(' ', '+')}&limit=10`, {n.Actors:N0} actors with 3 aliases each (real Korean and Russian names in Latin, Hangul, Cyrillic, Hanja), c16, req/s (p50 / p99 ms); {n.Matches:N0} match | {F(n.Api.PerSecond)} ({n.Api.Latency}{n.Api.Cpu}) | pgbench, the same SQL: {F(n.Pgbench.PerSecond)} ({n.Pgbench.Latency}{n.Pgbench.Cpu}) | {Ratio(n.Api, n.Pgbench)} | ≥ 0.50; p99 < 50 ms | {Verdict(n.Api.PerSecond / n.Pgbench.PerSecond >= 0.5)} (p99 < 50 ms: {Verdict(n.Api.P99Ms < 50)}) |");
        }
        else
        {
            NotMeasured(s, $"`GET /api/actors?q=` at {NameSearch.Actors:N0} actors with 3 aliases each in mixed scripts, c16", "≥ 0.50; p99 < 50 ms");
        }

        if (r.MeasurePage is { } m)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `GET /api/measures/{{code}}`, a measure with {m.Claims:N0} claims (its claims and summary), c16, req/s (p50 / p99 ms) | {F(m.Api.PerSecond)} ({m.Api.Latency}{m.Api.Cpu}) | pgbench, the same {m.Statements} statements: {F(m.Pgbench.PerSecond)} ({m.Pgbench.Latency}{m.Pgbench.Cpu}) | {Ratio(m.Api, m.Pgbench)} | ≥ 0.50 | {Verdict(m.Api.PerSecond / m.Pgbench.PerSecond >= 0.5)} |");
        }
        else
        {
            NotMeasured(s, $"`GET /api/measures/{{code}}` at {Timeline.Benchmarks.MeasurePage.Claims:N0} claims, c16", "≥ 0.50");
        }

        if (r.PlaceReads is { } pl)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `GET /api/timeline?bbox={pl.Box}&limit=50`, {pl.Placed:N0} events placed (a third, imported with their places: {DataSetPlaces.Describe()}), c16, req/s (p50 / p99 ms); {pl.Matches:N0} in the box | {F(pl.Api.PerSecond)} ({pl.Api.Latency}{pl.Api.Cpu}) | pgbench, the same SQL: {F(pl.Pgbench.PerSecond)} ({pl.Pgbench.Latency}{pl.Pgbench.Cpu}) | {Ratio(pl.Api, pl.Pgbench)} | {ReadTarget} | {HalfOfPgbench(pl.Api, pl.Pgbench)} |");
        }
        else
        {
            NotMeasured(s, "`GET /api/timeline?bbox=` with a third of the events placed, c16", ReadTarget);
        }

        if (r.Leads is { } l)
        {
            LeadRows(s, l);
        }
        else
        {
            NotMeasured(s, "watched sources: an FtM delta recorded as leads in one check; possible duplicates of one body", "≥ 0.50; p99 < 50 ms");
        }

        if (!double.IsNaN(r.FollowUpFirstMs))
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| follow-up check (`CheckFollowUps`), {r.FollowUps:N0} open follow-ups, {r.FollowUpsDue:N0} due | {F(r.FollowUpFirstMs, "0.0")} ms ({r.FollowUpFirstResult}); a repeat run: {F(r.FollowUpRepeatMs, "0.0")} ms | – | – | < 100 ms | {Verdict(r.FollowUpFirstMs < 100)} |");
        }
        else
        {
            NotMeasured(s, "follow-up check (`CheckFollowUps`)", "< 100 ms");
        }

        if (r.ImportRequests > 0)
        {
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| API peak memory, VmHWM | {F(r.PeakMiB)} MiB (after the import: {F(r.PeakAfterImportMiB)} MiB) | – | – | < 400 MiB | {Verdict(r.PeakMiB < 400)} |");
        }
        else
        {
            // An API that did not import says nothing of the peak one that did reaches.
            NotMeasured(s, "API peak memory, VmHWM", "< 400 MiB");
        }
        s.AppendLine();
        var errors = new[] { r.Writes?.Bare, r.Writes?.Pgbench, r.Writes?.Subscribed, r.Writes?.BareBesideSubscribed, r.ActorYearApi, r.ActorYearPgbench, r.TextApi, r.TextPgbench, r.Page1Api, r.PageNApi, r.Names?.Api, r.Names?.Pgbench, r.MeasurePage?.Api, r.MeasurePage?.Pgbench, r.PlaceReads?.Api, r.PlaceReads?.Pgbench }
            .Sum(t => t?.Errors ?? 0);
        s.AppendLine(FormattableString.Invariant($"Failed requests or transactions in the load runs: {errors}. ") +
            FormattableString.Invariant($"Load average (1 min) at the start of each measurement: {string.Join(", ", r.Loads.Select(l => F(l, "0.0")))}; ") +
            "the first is the machine before the run (on 2 CPUs, above about 2 other work competed with it); the later ones " +
            "carry the run's own load from the measurement before (16 connections of wrk or pgbench keep 5–10 threads runnable).");
        s.AppendLine();
        foreach (var plan in r.Plans)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{plan.Name} at {size} events: <code>EXPLAIN (ANALYZE, BUFFERS)</code></summary>");
            s.AppendLine();
            s.AppendLine("```sql");
            s.AppendLine(plan.Sql.Trim());
            s.AppendLine("```");
            s.AppendLine("```");
            s.AppendLine(plan.Explain.Trim());
            s.AppendLine("```");
            s.AppendLine("</details>");
            s.AppendLine();
        }

        return s.ToString();
    }

    private static void NotMeasured(StringBuilder s, string measure, string target) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | not measured in this run (`--only`) | – | – | {target} | – |");

    /// <summary>
    /// Half of pgbench's rate with the API spending no more CPU than PostgreSQL does; the p99 told apart, against
    /// pgbench's own p99 in the same run (an absolute bound means little on two cores shared by the load, the API and
    /// PostgreSQL).
    /// </summary>
    private static string HalfOfPgbench(Throughput api, Throughput pgbench) =>
        $"{Verdict(api.PerSecond / pgbench.PerSecond >= 0.5 && api.ApiCpuMs <= api.PostgresCpuMs)} (p99 ≤ 1.5× pgbench's: {Verdict(api.P99Ms <= 1.5 * pgbench.P99Ms)})";

    private const string ReadTarget = "≥ 0.50 with the API's CPU per request ≤ PostgreSQL's; p99 ≤ 1.5× pgbench's";

    private static void ReadRows(StringBuilder s, SizeResult r, Throughput actorYearApi, Throughput actorYearPg, Throughput textApi, Throughput textPg,
        Throughput page1, Throughput pageN)
    {
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `GET /api/timeline?actor=KP&from=2023&to=2023&limit=50`, c16, req/s (p50 / p99 ms); {r.ActorYearMatches:N0} match | {F(actorYearApi.PerSecond)} ({actorYearApi.Latency}{actorYearApi.Cpu}) | pgbench, the same SQL: {F(actorYearPg.PerSecond)} ({actorYearPg.Latency}{actorYearPg.Cpu}) | {Ratio(actorYearApi, actorYearPg)} | {ReadTarget} | {HalfOfPgbench(actorYearApi, actorYearPg)} |");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `GET /api/timeline?q=Kursk+troops&limit=50`, c16, req/s (p50 / p99 ms); {r.TextMatches:N0} match | {F(textApi.PerSecond)} ({textApi.Latency}{textApi.Cpu}) | pgbench, the same SQL: {F(textPg.PerSecond)} ({textPg.Latency}{textPg.Cpu}) | {Ratio(textApi, textPg)} | (as above) | {HalfOfPgbench(textApi, textPg)} |");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `GET /api/timeline?limit=50` page {r.PageN:N0} through the cursor vs page 1, c16, req/s (p50 / p99 ms) | page {r.PageN:N0}: {F(pageN.PerSecond)} ({pageN.Latency}{pageN.Cpu}) | page 1: {F(page1.PerSecond)} ({page1.Latency}{page1.Cpu}) | p50 {Ratio(pageN.P50Ms, page1.P50Ms)}× page 1{Rounds(pageN)} | ≤ 1.5× | {Verdict(pageN.P50Ms <= 1.5 * page1.P50Ms)} |");
    }

    private static void DownloadRows(StringBuilder s, DownloadsResult d)
    {
        var c = d.Copy;
        foreach (var f in d.Formats)
        {
            var grew = f.PeakAfterMiB - f.PeakBeforeMiB;
            if (f.Format == "geojson")
            {
                // One feature per event place: compared with COPY of those rows, each with its place's shape as GeoJSON.
                var g = d.GeoJsonCopy;
                var features = d.Features / f.Seconds;
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| `GET /api/timeline/download?format=geojson`, the whole timeline ({d.Events:N0} events, {d.Features:N0} features: one per event place), features/s | {F(features)} ({f.Bytes / 1e6:N0} MB in {F(f.Seconds, "0.0")} s; first bytes after {F(f.FirstByteMs)} ms; CPU: API {F(f.ApiCpuSeconds, "0.0")} s, PostgreSQL {F(f.PostgresCpuSeconds, "0.0")} s; API VmRSS {F(f.RssBeforeMiB)} → at most {F(f.RssMaxMiB)} MiB, VmHWM {F(f.PeakBeforeMiB)} → {F(f.PeakAfterMiB)} MiB) | psql, `COPY` of the same features in the same order as CSV, each place's shape as GeoJSON (`ST_AsGeoJSON`): {F(g.PerSecond)} ({g.Bytes / 1e6:N0} MB in {F(g.Seconds, "0.0")} s; CPU: PostgreSQL {F(g.PostgresCpuSeconds, "0.0")} s) | {Ratio(features, g.PerSecond)} | ≥ 0.50; first bytes < 1 s, memory flat (VmHWM grows < 64 MiB) | {Verdict(features / g.PerSecond >= 0.5 && f.FirstByteMs < 1000 && grew < 64)} |");
                continue;
            }

            s.AppendLine(CultureInfo.InvariantCulture,
                $"| `GET /api/timeline/download?format={f.Format}`, the whole timeline ({d.Events:N0} events), events/s | {F(f.PerSecond)} ({f.Bytes / 1e6:N0} MB in {F(f.Seconds, "0.0")} s; first bytes after {F(f.FirstByteMs)} ms; CPU: API {F(f.ApiCpuSeconds, "0.0")} s, PostgreSQL {F(f.PostgresCpuSeconds, "0.0")} s; API VmRSS {F(f.RssBeforeMiB)} → at most {F(f.RssMaxMiB)} MiB, VmHWM {F(f.PeakBeforeMiB)} → {F(f.PeakAfterMiB)} MiB) | psql, `COPY` of the same rows in the same order as CSV: {F(c.PerSecond)} ({c.Bytes / 1e6:N0} MB in {F(c.Seconds, "0.0")} s; CPU: PostgreSQL {F(c.PostgresCpuSeconds, "0.0")} s) | {Ratio(f.PerSecond, c.PerSecond)} | ≥ 0.50; first bytes < 1 s, memory flat (VmHWM grows < 64 MiB) | {Verdict(f.PerSecond / c.PerSecond >= 0.5 && f.FirstByteMs < 1000 && grew < 64)} |");
        }
    }

    private static void WriteRows(StringBuilder s, WriteResult w)
    {
        var bare = w.Bare.PerSecond / w.Pgbench.PerSecond;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `POST /api/events`, c16, no subscription, req/s (p50 / p99 ms) | {F(w.Bare.PerSecond)} ({w.Bare.Latency}{w.Bare.Cpu}) | pgbench, the same INSERTs (event, revision, change row) in one transaction: {F(w.Pgbench.PerSecond)} ({w.Pgbench.Latency}{w.Pgbench.Cpu}) | {Ratio(w.Bare, w.Pgbench)} | ≥ 0.60 with the API's CPU per write ≤ PostgreSQL's | {Verdict(bare >= 0.6 && w.Bare.ApiCpuMs <= w.Bare.PostgresCpuMs)} |");
        var slower = w.BareBesideSubscribed.PerSecond / w.Subscribed.PerSecond;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `POST /api/events`, c16, {w.Subscriptions:N0} varied subscriptions (`Subscribers.cs`), req/s (p50 / p99 ms) | {F(w.Subscribed.PerSecond)} ({w.Subscribed.Latency}{w.Subscribed.Cpu}; the matcher's CPU is the API's) | no subscription, in turn with it: {F(w.BareBesideSubscribed.PerSecond)} ({w.BareBesideSubscribed.Latency}{w.BareBesideSubscribed.Cpu}) | {F(slower, "0.00")}× slower{Rounds(w.Subscribed)} | within 1.2× | {Verdict(slower <= 1.2)} |");
        var perWrite = w.Alerts / (double)Math.Max(1, w.SubscribedWrites);
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| alert lag during those writes, change → an SSE client of `GET /api/alerts/stream`, p50 / p99 / max ms | {F(w.LagP50Ms)} / {F(w.LagP99Ms)} / {F(w.LagMaxMs)} ({w.Alerts:N0} alerts, {F(perWrite, "0.0")} a write; change → alert row p50 / p99: {F(w.MatchedP50Ms)} / {F(w.MatchedP99Ms)} ms). Backlog when the writers stopped: at most {w.BacklogAtEnd:N0} changes, matched at most {F(w.MatcherDrainSeconds, "0.00")} s later, on the stream after {F(w.StreamDrainSeconds, "0.00")} s | – | – | p99 < 1 s | {Verdict(w.LagP99Ms < 1000)} |");
    }

    private static void LeadRows(StringBuilder s, LeadsResult l)
    {
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| watched sources: an OpenSanctions delta of {l.Items:N0} `Sanction`s (and their {l.Items:N0} `Person`s) read and recorded as leads in one check (parsing, actors by identifier and name keys, the leads and their `lead.found` change rows by COPY, one transaction), s, the run of median ratio of {LeadsBench.Runs} (each a new delta under its own watch, beside its own COPY) | {F(l.CheckSeconds, "0.00")} ({F(l.Items / l.CheckSeconds)} leads/s) | raw binary `COPY` of the same rows (leads and change rows) into copies of the tables: {F(l.CopySeconds, "0.00")} ({F(l.Items / l.CopySeconds)}/s) | {F(l.Ratio, "0.00")} | ≥ 0.50 | {Verdict(l.Ratio >= 0.5)} |");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| possible duplicates of one body (`PossibleDuplicates.FindAsync`: a recorded event's title reworded, its span and actors), p50 / p99 ms over {l.Probes} bodies; candidates gathered per body p50 / p99 / max: {l.CandidatesP50} / {l.CandidatesP99} / {l.CandidatesMax} | {F(l.DuplicatesP50Ms, "0.0")} / {F(l.DuplicatesP99Ms, "0.0")} | – | – | p99 < 50 ms | {Verdict(l.DuplicatesP99Ms < 50)} |");
    }

    private static void StreamRow(StringBuilder s, ChangeStreamResult c)
    {
        var grew = c.PeakAfterMiB - c.PeakBeforeMiB;
        s.AppendLine(CultureInfo.InvariantCulture,
            $"| `GET /api/changes` as NDJSON, the whole log, changes/s | {F(c.PerSecond)} ({c.Changes:N0} changes, {c.Bytes / 1e6:N0} MB in {F(c.Seconds, "0.0")} s; first bytes after {F(c.FirstByteMs)} ms; CPU: API {F(c.ApiCpuSeconds, "0.0")} s, PostgreSQL {F(c.PostgresCpuSeconds, "0.0")} s; API VmHWM {F(c.PeakBeforeMiB)} → {F(c.PeakAfterMiB)} MiB, VmRSS after {F(c.RssAfterMiB)} MiB) | psql, `COPY` of the same columns in log order: {F(c.CopyPerSecond)} ({c.CopyRows:N0} rows, {c.CopyBytes / 1e6:N0} MB in {F(c.CopySeconds, "0.0")} s; CPU: PostgreSQL {F(c.CopyPostgresCpuSeconds, "0.0")} s) | {Ratio(c.PerSecond, c.CopyPerSecond)} | ≥ 0.50; first bytes < 1 s, not held in memory (VmHWM grows < 64 MiB) | {Verdict(c.PerSecond / c.CopyPerSecond >= 0.5 && c.FirstByteMs < 1000 && grew < 64)} |");
    }

    /// <summary>Writes the sections of the sizes run, keeping those of other sizes and everything outside the markers.</summary>
    public static void Write(string path, IEnumerable<SizeResult> results)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : $"# Benchmarks\n\n{Begin}\n{End}\n";
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            text = text.TrimEnd() + $"\n\n{Begin}\n{End}\n";
            begin = text.IndexOf(Begin, StringComparison.Ordinal);
            end = text.IndexOf(End, StringComparison.Ordinal);
        }

        var inner = text[(begin + Begin.Length)..end];
        var sections = new SortedDictionary<long, string>();
        var marks = Regex.Matches(inner, @"<!-- bench:size=(\d+) -->");
        for (var i = 0; i < marks.Count; i++)
        {
            var from = marks[i].Index;
            var to = i + 1 < marks.Count ? marks[i + 1].Index : inner.Length;
            sections[long.Parse(marks[i].Groups[1].Value, CultureInfo.InvariantCulture)] = inner[from..to].Trim() + "\n";
        }

        foreach (var r in results)
        {
            var section = Render(r);
            sections[r.Events] = sections.TryGetValue(r.Events, out var previous) ? KeepWhatWasNotMeasured(section, previous) : section;
        }

        var rendered = "\n" + string.Join("\n", sections.Values) + "\n";
        File.WriteAllText(path, text[..(begin + Begin.Length)] + rendered + text[end..]);
    }

    /// <summary>The first cells of each measurement's rows: how a row left out by <c>--only</c> is found in the previous section.</summary>
    private static readonly (string NotMeasured, string[] Rows)[] RowsOf =
    [
        ("| bulk import", ["| bulk import"]),
        ("| `POST /api/events`", ["| `POST /api/events`", "| alert lag during those writes"]),
        ("| `GET /api/changes`", ["| `GET /api/changes`"]),
        ("| `GET /api/timeline/download`", ["| `GET /api/timeline/download?format="]),
        ("| `GET /api/timeline`", ["| `GET /api/timeline?actor=", "| `GET /api/timeline?q=", "| `GET /api/timeline?limit="]),
        ("| `GET /api/timeline?bbox=`", ["| `GET /api/timeline?bbox="]),
        ("| follow-up check", ["| follow-up check"]),
        ("| `GET /api/actors?q=`", ["| `GET /api/actors?q="]),
        ("| `GET /api/measures/{code}`", ["| `GET /api/measures/{code}`"]),
        ("| watched sources", ["| watched sources", "| possible duplicates of one body"]),
        ("| API peak memory", ["| API peak memory"]),
    ];

    /// <summary>
    /// A row this run did not measure is the previous run's row, marked with that run's date, when the previous
    /// section of the size has it; so a run of some measurements leaves the others' last figures in place.
    /// </summary>
    internal static string KeepWhatWasNotMeasured(string rendered, string previous)
    {
        var when = Regex.Match(previous, @"^Run (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC", RegexOptions.Multiline);
        var old = previous.Split('\n');
        var lines = new List<string>();
        foreach (var line in rendered.Split('\n'))
        {
            var group = RowsOf.FirstOrDefault(g => line.StartsWith(g.NotMeasured, StringComparison.Ordinal));
            var kept = line.Contains("not measured in this run", StringComparison.Ordinal) && group.Rows is not null && when.Success
                ? old.Where(o => group.Rows.Any(prefix => o.StartsWith(prefix, StringComparison.Ordinal))).ToList()
                : [];
            if (kept.Count == 0)
            {
                lines.Add(line);
                continue;
            }

            // The first cell says which run the figures are from; the cells stay as that run wrote them.
            lines.AddRange(kept.Select(o => o.Contains("(kept from the run of ", StringComparison.Ordinal)
                ? o
                : "| " + o[2..o.IndexOf(" |", 2, StringComparison.Ordinal)] + $" (kept from the run of {when.Groups[1].Value} UTC)" + o[o.IndexOf(" |", 2, StringComparison.Ordinal)..]));
        }

        return string.Join('\n', lines);
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var mem = memKb is null ? "?" : (long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} CPUs ({cpu}), {mem} GiB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
