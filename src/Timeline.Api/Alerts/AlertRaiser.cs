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

        // Alert ids are the stream's order: writers take turns from here to commit, so no id commits after a
        // higher one and a reader resuming after an id misses nothing.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AlertLock})", ct);
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(data, json.Value.SerializerOptions);
        foreach (var subscription in matching)
        {
            var webhook = subscription.WebhookUrl is not null;
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

        // Delivered to listeners only when the transaction commits.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {kind})", ct);
        return matching.Count;
    }

    private const long AlertLock = 0x616c_6572_7473; // "alerts"

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
        if (!inRange)
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
}
