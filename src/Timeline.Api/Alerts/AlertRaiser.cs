using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Events;
using Timeline.Api.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Alerts;

/// <summary>
/// Writes the alerts a change raises, one per matching subscription, into the change's own transaction
/// (the outbox): they commit with the change or not at all.
/// </summary>
public sealed class AlertRaiser(TimelineDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string Channel = "timeline_alerts";

    private List<(Subscription Subscription, TimelineFilter Filter)>? subscriptions;

    /// <summary>Webhook alerts raised in this scope; delivery is started once the command that raised them commits.</summary>
    public int WebhookAlertsRaised { get; private set; }

    public Task<int> RaiseForEventAsync(EventState e, string kind, CancellationToken ct) =>
        RaiseAsync(e, kind, new { @event = e.ToView() }, followUpId: null, ct);

    public Task<int> RaiseForFollowUpAsync(EventState e, object followUp, Guid followUpId, string kind, CancellationToken ct) =>
        RaiseAsync(e, kind, new { followUp, @event = e.ToView() }, followUpId, ct);

    private async Task<int> RaiseAsync(EventState e, string kind, object data, Guid? followUpId, CancellationToken ct)
    {
        var matching = new List<Subscription>();
        foreach (var (subscription, filter) in await SubscriptionsAsync(ct))
        {
            if (subscription.Kinds.Contains(kind) && await MatchesAsync(filter, e, ct))
            {
                matching.Add(subscription);
            }
        }

        if (matching.Count == 0)
        {
            return 0;
        }

        await TakeTurnAsync(kind, ct);
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(data, json.Value.SerializerOptions);
        foreach (var subscription in matching)
        {
            var webhook = subscription.WebhookUrl is not null;
            WebhookAlertsRaised += webhook ? 1 : 0;
            db.Alerts.Add(new Alert
            {
                SubscriptionId = subscription.Id,
                Kind = kind,
                EventId = e.EventId,
                FollowUpId = followUpId,
                Data = payload,
                CreatedAt = now,
                MessageId = "msg_" + Guid.CreateVersion7(now).ToString("N"),
                DeliveryState = webhook ? AlertDelivery.Pending : AlertDelivery.None,
                NextAttemptAt = webhook ? now : null,
            });
        }

        return matching.Count;
    }

    private const long AlertLock = 0x616c_6572_7473; // "alerts"

    /// <summary>The transaction in which this raiser holds the alert lock and has notified listeners.</summary>
    private Guid? turnTakenIn;

    /// <summary>
    /// Alert ids are the stream's order: writers take turns from here to commit, so no id commits after a higher one
    /// and a reader resuming after an id misses nothing. The notification reaches listeners when the transaction
    /// commits. Once per transaction, however many alerts it raises.
    /// </summary>
    private async Task TakeTurnAsync(string kind, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.TransactionId;
        if (transaction is not null && transaction == turnTakenIn)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AlertLock}), pg_notify({Channel}, {kind})", ct);
        turnTakenIn = transaction;
    }

    /// <summary>
    /// The alerts of many events at once (a bulk import): matched in memory, a text query asked once per subscription
    /// for the whole batch, the rows written with binary COPY in the caller's transaction. Needs no query per event.
    /// </summary>
    public async Task<int> RaiseForEventsAsync(IReadOnlyList<EventState> events, string kind, CancellationToken ct)
    {
        var wanting = (await SubscriptionsAsync(ct)).Where(s => s.Item1.Kinds.Contains(kind)).ToList();
        if (events.Count == 0 || wanting.Count == 0)
        {
            return 0;
        }

        var matches = new List<(int Event, Subscription Subscription)>();
        foreach (var (subscription, filter) in wanting)
        {
            var candidates = Enumerable.Range(0, events.Count).Where(i => MatchesFields(filter, events[i])).ToList();
            if (candidates.Count > 0 && !string.IsNullOrWhiteSpace(filter.Q))
            {
                var texts = candidates.Select(i => $"{events[i].Title}\n{events[i].Summary}\n{events[i].SourceTitles}").ToArray();
                var hits = await db.Database.SqlQuery<int>(
                    $"""
                     SELECT (t.ord - 1)::int AS "Value" FROM unnest({texts}) WITH ORDINALITY AS t(doc, ord)
                     WHERE to_tsvector('english', t.doc) @@ websearch_to_tsquery('english', {filter.Q})
                     """).ToListAsync(ct);
                candidates = [.. hits.Select(h => candidates[h])];
            }

            matches.AddRange(candidates.Select(i => (i, (Subscription)subscription)));
        }

        if (matches.Count == 0)
        {
            return 0;
        }

        await TakeTurnAsync(kind, ct);
        var now = clock.GetUtcNow();
        var payloads = new Dictionary<int, string>();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY timeline.alerts (subscription_id, kind, event_id, data, created_at, message_id, delivery_state, attempts, next_attempt_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (index, subscription) in matches.OrderBy(m => m.Event))
            {
                var e = events[index];
                if (!payloads.TryGetValue(index, out var payload))
                {
                    payload = payloads[index] = JsonSerializer.Serialize(new { @event = e.ToView() }, json.Value.SerializerOptions);
                }

                var webhook = subscription.WebhookUrl is not null;
                WebhookAlertsRaised += webhook ? 1 : 0;
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(subscription.Id, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(kind, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(e.EventId, NpgsqlTypes.NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(payload, NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
                await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync("msg_" + Guid.CreateVersion7(now).ToString("N"), NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(webhook ? AlertDelivery.Pending : AlertDelivery.None, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                if (webhook)
                {
                    await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    await importer.WriteNullAsync(ct);
                }
            }

            await importer.CompleteAsync(ct);
        }

        return matches.Count;
    }

    private async Task<List<(Subscription, TimelineFilter)>> SubscriptionsAsync(CancellationToken ct)
    {
        if (subscriptions is not null)
        {
            return subscriptions;
        }

        var active = await db.Subscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var slugs = active.Where(s => s.TimelineSlug is not null).Select(s => s.TimelineSlug!).Distinct().ToList();
        var timelines = await db.Timelines.AsNoTracking().Where(t => slugs.Contains(t.Slug)).ToDictionaryAsync(t => t.Slug, t => t.Filter, ct);
        subscriptions = [];
        foreach (var s in active)
        {
            var filterJson = s.TimelineSlug is { } slug ? timelines.GetValueOrDefault(slug) : s.Filter;
            if (filterJson is not null)
            {
                subscriptions.Add((s, JsonSerializer.Deserialize<TimelineFilter>(filterJson, json.Value.SerializerOptions)!));
            }
        }

        return subscriptions;
    }

    /// <summary>The timeline query's filter, applied to one event in memory (the text query asks PostgreSQL).</summary>
    private async Task<bool> MatchesAsync(TimelineFilter filter, EventState e, CancellationToken ct)
    {
        if (!MatchesFields(filter, e))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(filter.Q))
        {
            return true;
        }

        var text = $"{e.Title}\n{e.Summary}\n{e.SourceTitles}";
        return await db.Database
            .SqlQuery<bool>($"SELECT to_tsvector('english', {text}) @@ websearch_to_tsquery('english', {filter.Q}) AS \"Value\"")
            .SingleAsync(ct);
    }

    /// <summary>Everything of the filter but its text query, in memory.</summary>
    private static bool MatchesFields(TimelineFilter filter, EventState e)
    {
        if (filter.Actor is { Length: > 0 } actors && !actors.Intersect(e.Actors).Any())
        {
            return false;
        }

        if (filter.Tag is { Length: > 0 } tags && !tags.Select(t => t.ToLowerInvariant()).Intersect(e.Tags).Any())
        {
            return false;
        }

        if (filter.Type is { Length: > 0 } types && !types.Any(t => t.EndsWith(".*", StringComparison.Ordinal)
                ? e.Type == t[..^2] || e.Type.StartsWith(t[..^1], StringComparison.Ordinal)
                : e.Type == t))
        {
            return false;
        }

        if (filter.Status is { Length: > 0 } statuses && !statuses.Contains(e.Status))
        {
            return false;
        }

        var from = TimelineFilterRules<TimelineFilter>.Bound(filter.From)?.Earliest;
        var to = TimelineFilterRules<TimelineFilter>.Bound(filter.To)?.Latest;
        var inRange = filter.Match == "within"
            ? (from is null || e.Earliest >= from) && (to is null || e.Latest <= to)
            : (from is null || e.Latest >= from) && (to is null || e.Earliest <= to);
        return inRange;
    }
}
