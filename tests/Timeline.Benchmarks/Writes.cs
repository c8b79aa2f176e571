using System.Diagnostics;

namespace Timeline.Benchmarks;

/// <summary>Single writes with no subscription and with many, the same INSERTs by pgbench, and the alert lag meanwhile.</summary>
public sealed record WriteResult
{
    public required Throughput Bare { get; init; }
    public required Throughput Pgbench { get; init; }

    /// <summary>The writes with the subscriptions, the median round of those measured in turn with <see cref="BareBesideSubscribed"/>.</summary>
    public required Throughput Subscribed { get; init; }

    /// <summary>The writes without them, measured in turn with <see cref="Subscribed"/> (the round's other side).</summary>
    public required Throughput BareBesideSubscribed { get; init; }

    /// <summary>Every write of every round with the subscriptions: the alerts are counted over them all.</summary>
    public required long SubscribedWrites { get; init; }

    public required int Subscriptions { get; init; }
    public required long Alerts { get; init; }
    public required double LagP50Ms { get; init; }
    public required double LagP99Ms { get; init; }
    public required double LagMaxMs { get; init; }
    public required double MatchedP50Ms { get; init; }
    public required double MatchedP99Ms { get; init; }
    public required long BacklogAtEnd { get; init; }
    public required double MatcherDrainSeconds { get; init; }
    public required double StreamDrainSeconds { get; init; }
}

public static class Writes
{
    /// <summary>The matcher's backlog: changes of the log past its checkpoint.</summary>
    public const string BacklogSql = """
        SELECT count(*) FROM timeline.changes c, timeline.change_checkpoints k
        WHERE k.name = 'alert-matcher' AND (c.tx, c.sequence) > (k.tx, k.sequence)
        """;

    /// <summary>Waits until the matcher has matched every change committed so far; the seconds it took.</summary>
    public static async Task<double> MatcherCaughtUpAsync(string cs, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (await BenchDatabase.ScalarAsync<long>(cs, BacklogSql) > 0)
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"the alert matcher still had a backlog after {deadline}");
            }

            await Task.Delay(50);
        }

        return clock.Elapsed.TotalSeconds;
    }

    public sealed record Context(ApiProcess Api, string EditorKey, string Cs, CpuMeter Meter, InProcessApi InProcess, int Seconds,
        string Work, string Pgbench, List<double> Loads, Action<string> Say);

    public static async Task<WriteResult> MeasureAsync(Context c, int subscriptions)
    {
        var drainDeadline = TimeSpan.FromMinutes(10);

        // 1. No subscription at all: the data set's own (actor KP) is switched off for the writes.
        await BenchDatabase.ExecuteAsync(c.Cs, "UPDATE timeline.subscriptions SET active = false");
        // The write path loaded for 15 s unmeasured first, as the reads are: the runtime's tiered JIT and GC sizing settle
        // over the first minute of load, and the first write measured after a 2 s warm-up paid for them (381 req/s at
        // 100 000 events, against 459 for the same writes with 10 000 subscriptions measured after it).
        await Load.WrkPostEventsAsync(c.Api.BaseUrl, c.EditorKey, 15, c.Work);
        await MatcherCaughtUpAsync(c.Cs, drainDeadline);
        // The API's writes and pgbench's in turn, a few rounds (InTurn), the matcher caught up after each.
        var target = PgTarget.From(c.Cs);
        var (bare, pg) = await InTurn.MeasureAsync(
            async first =>
            {
                var t = await PostAsync(c, "POST /api/events, 0 subscriptions", first, InTurn.SecondsOf(c.Seconds));
                await MatcherCaughtUpAsync(c.Cs, drainDeadline);
                return t;
            },
            async first =>
            {
                c.Loads.Add(Report.LoadAverage());
                if (first)
                {
                    await Load.PgbenchAsync(c.Pgbench, target, InsertSql, 2, c.Work);
                }

                var pgBefore = c.Meter.Take();
                var t = (await Load.PgbenchAsync(c.Pgbench, target, InsertSql, InTurn.SecondsOf(c.Seconds), c.Work)).Metered(pgBefore, c.Meter.Take(), api: false);
                c.Say($"pgbench INSERT: {t.PerSecond:N0} tps, p50 {t.P50Ms:0.00} ms, p99 {t.P99Ms:0.00} ms");
                await MatcherCaughtUpAsync(c.Cs, drainDeadline);
                return t;
            });

        // 2. The same writes with many subscriptions, and an SSE client on the stream of their alerts.
        var (subscriberKey, subscriberId) = await c.Api.CreateKeyWithIdAsync("reader");
        await Subscribers.AddAsync(c.InProcess, subscriptions, subscriberId, DateTimeOffset.UtcNow);
        await BenchDatabase.ExecuteAsync(c.Cs, "ANALYZE timeline.subscriptions");
        await using var probe = await AlertProbe.OpenAsync(c.Api, subscriberKey);
        const string LastAlert = "SELECT coalesce(max(id), 0) FROM timeline.alerts";
        var beforeWarmUp = await BenchDatabase.ScalarAsync<long>(c.Cs, LastAlert);
        await Load.WrkPostEventsAsync(c.Api.BaseUrl, c.EditorKey, 2, c.Work); // a warm-up, alerts and all
        await MatcherCaughtUpAsync(c.Cs, drainDeadline);
        var before = await BenchDatabase.ScalarAsync<long>(c.Cs, LastAlert);
        var seen = await BenchDatabase.ScalarAsync<long>(c.Cs, $"SELECT count(*) FROM timeline.alerts WHERE id > {beforeWarmUp}");
        await probe.WaitForAsync(seen, drainDeadline);
        probe.Reset();

        // With the subscriptions and without them in turn, a few rounds (InTurn): the benchmark's subscriptions are switched
        // off for the writes without (no alert is raised then) and on again after. Switched on, their rows are new versions
        // that the matcher reads and parses again: a second of writes, unmeasured, has it do that before the round. Each switch
        // leaves 10 000 dead versions behind in the table and its GIN index, which the matcher's look-ups would wade through
        // until autovacuum came by (a minute or more): a table of subscriptions does not churn so, so it is vacuumed after each.
        async Task Switch(bool on)
        {
            await BenchDatabase.ExecuteAsync(c.Cs, $"UPDATE timeline.subscriptions SET active = {(on ? "true" : "false")} WHERE owner_key_id = '{subscriberId}'");
            await BenchDatabase.ExecuteAsync(c.Cs, "VACUUM timeline.subscriptions");
        }

        long subscribedWrites = 0, backlog = 0;
        double drain = 0;
        var (subscribed, bareBeside) = await InTurn.MeasureAsync(
            async first =>
            {
                var t = await PostAsync(c, $"POST /api/events, {subscriptions:N0} subscriptions", warm: false, InTurn.SecondsOf(c.Seconds));
                subscribedWrites += t.Requests;
                backlog = Math.Max(backlog, await BenchDatabase.ScalarAsync<long>(c.Cs, BacklogSql));
                drain = Math.Max(drain, await MatcherCaughtUpAsync(c.Cs, drainDeadline));
                return t;
            },
            async first =>
            {
                await Switch(on: false);
                var t = await PostAsync(c, "POST /api/events, 0 subscriptions", warm: false, InTurn.SecondsOf(c.Seconds));
                await MatcherCaughtUpAsync(c.Cs, drainDeadline);
                await Switch(on: true);
                // Its writes raise alerts as the measured ones do: counted with them, their lags among theirs.
                subscribedWrites += (await Load.WrkPostEventsAsync(c.Api.BaseUrl, c.EditorKey, 1, c.Work)).Requests;
                await MatcherCaughtUpAsync(c.Cs, drainDeadline);
                return t;
            },
            (with, without) => without.PerSecond / with.PerSecond);
        var alerts = await BenchDatabase.ScalarAsync<long>(c.Cs, $"SELECT count(*) FROM timeline.alerts WHERE id > {before}");
        var streamDrain = await probe.WaitForAsync(seen + alerts, drainDeadline);
        var lags = probe.Lags();
        c.Say($"{alerts:N0} alerts ({alerts / (double)subscribedWrites:0.0} per write); lag p50 {lags.P50:0} ms, p99 {lags.P99:0} ms; backlog at most {backlog} at the end of a round, matched in at most {drain:0.0} s, streamed in {streamDrain:0.0} s");

        // The data set's subscription back on, the benchmark's off, for what follows.
        await BenchDatabase.ExecuteAsync(c.Cs, $"UPDATE timeline.subscriptions SET active = (owner_key_id IS DISTINCT FROM '{subscriberId}')");
        return new WriteResult
        {
            Bare = bare,
            Pgbench = pg,
            Subscribed = subscribed,
            BareBesideSubscribed = bareBeside,
            SubscribedWrites = subscribedWrites,
            Subscriptions = subscriptions,
            Alerts = alerts,
            LagP50Ms = lags.P50,
            LagP99Ms = lags.P99,
            LagMaxMs = lags.Max,
            MatchedP50Ms = lags.MatchedP50,
            MatchedP99Ms = lags.MatchedP99,
            BacklogAtEnd = backlog,
            MatcherDrainSeconds = drain,
            StreamDrainSeconds = streamDrain,
        };
    }

    private static async Task<Throughput> PostAsync(Context c, string label, bool warm, int seconds)
    {
        c.Loads.Add(Report.LoadAverage());
        if (warm)
        {
            await Load.WrkPostEventsAsync(c.Api.BaseUrl, c.EditorKey, 2, c.Work);
        }

        var before = c.Meter.Take();
        var t = (await Load.WrkPostEventsAsync(c.Api.BaseUrl, c.EditorKey, seconds, c.Work)).Metered(before, c.Meter.Take(), api: true);
        c.Say($"{label}: {t.PerSecond:N0} req/s, p50 {t.P50Ms:0.00} ms, p99 {t.P99Ms:0.00} ms, errors {t.Errors}");
        return t;
    }

    /// <summary>
    /// What <c>POST /api/events</c> writes for the body wrk sends, in one transaction: the event, its first revision and
    /// its change row (the event's JSON as the log keeps it; the transaction id and sequence filled in by PostgreSQL).
    /// </summary>
    public const string InsertSql = """
        \set n random(1, 2000000000)
        WITH e AS (
          INSERT INTO timeline.events (id, title, summary, occurred, earliest, latest, precision, uncertain, approximate, type, status, actors, tags,
            source_titles, recorded_at, recorded_by, updated_at, updated_by, version, retraction_reason, related, sources)
          VALUES (gen_random_uuid(), 'Benchmark event pgbench ' || (:n)::text,
            'Ukrainian officials report a new shipment of drone components through Odesa, citing intelligence assessments.',
            '2024-10-23', DATE '2024-10-23', DATE '2024-10-23', 'day', false, false, 'military.supply', 'reported', ARRAY['RU','UA'], ARRAY['drones','bench'],
            'Drone components shipped', now(), 'bench-editor', now(), 'bench-editor', 1, NULL, '[]'::jsonb,
            '[{"Url": "https://www.reuters.com/2024/bench", "Quote": null, "Title": "Drone components shipped", "Published": "2024-10-24", "Publisher": "Reuters"}]'::jsonb)
          RETURNING *),
        r AS (
          INSERT INTO timeline.event_revisions (id, valid_from, valid_to, change, reason, event_id, title, summary, occurred, earliest, latest, precision,
            uncertain, approximate, type, status, actors, tags, source_titles, recorded_at, recorded_by, updated_at, updated_by, version, retraction_reason, related, sources)
          SELECT gen_random_uuid(), e.updated_at, NULL, 'recorded', NULL, e.id, e.title, e.summary, e.occurred, e.earliest, e.latest, e.precision,
            e.uncertain, e.approximate, e.type, e.status, e.actors, e.tags, e.source_titles, e.recorded_at, e.recorded_by, e.updated_at, e.updated_by,
            e.version, e.retraction_reason, e.related, e.sources FROM e)
        INSERT INTO timeline.changes (at, kind, entity, entity_id, version, data)
        SELECT e.updated_at, 'event.recorded', 'event', e.id::text, e.version, json_build_object('id', e.id, 'title', e.title, 'summary', e.summary,
          'occurred', e.occurred, 'earliest', e.earliest, 'latest', e.latest, 'precision', e.precision, 'uncertain', e.uncertain,
          'approximate', e.approximate, 'type', e.type, 'status', e.status, 'actors', e.actors, 'tags', e.tags, 'sources', e.sources,
          'related', e.related, 'recordedAt', e.recorded_at, 'recordedBy', e.recorded_by, 'updatedAt', e.updated_at, 'updatedBy', e.updated_by,
          'version', e.version)
        FROM e;

        """;
}
