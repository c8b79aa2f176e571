using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Api.Platform.Telemetry;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>The <c>Timeline:Matcher</c> configuration section.</summary>
public sealed class AlertMatcherOptions
{
    /// <summary>Whether this instance runs a matcher; any number may, they take turns.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the matcher waits after finding the log read to its end.</summary>
    public int IntervalMilliseconds { get; set; } = 200;

    /// <summary>Changes matched per transaction.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Turns the change log into alerts, after commit: the first subscriber of the log (<see cref="ILogSubscriber"/>). For
/// each page it finds the subscriptions each change could concern through their GIN-indexed keys, checks each
/// candidate's filter against the change with the timeline filter itself, and writes one alert per change and matching
/// subscription, in log order, in the page's transaction. One instance matches at a time (the checkpoint's row is
/// locked), so alert ids commit in log order and <c>Last-Event-ID</c> stays a safe resume point; a unique key on
/// (change, subscription) makes a repeat write nothing.
/// </summary>
public sealed class AlertMatcher(TimelineDbContext db, TimeProvider clock, IBackgroundJobClient jobs, AlertSignal streams, KnownSubscriptions known,
    IOptions<AlertMatcherOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimelineMetrics metrics, ILogger<AlertMatcher> logger) : ILogSubscriber
{
    /// <summary>The channel stream listeners wake on; notified by the matcher only, once per page that raised alerts.</summary>
    public const string Channel = "timeline_alerts";

    private static readonly Dictionary<string, string> AlertKindOf = new()
    {
        [ChangeKinds.EventRecorded] = AlertKinds.EventRecorded,
        [ChangeKinds.EventImported] = AlertKinds.EventRecorded,
        [ChangeKinds.EventAmended] = AlertKinds.EventAmended,
        [ChangeKinds.EventRetracted] = AlertKinds.EventRetracted,
        [ChangeKinds.FollowUpDue] = AlertKinds.FollowUpDue,
        [ChangeKinds.FollowUpOverdue] = AlertKinds.FollowUpOverdue,
        [ChangeKinds.FollowUpFulfilled] = AlertKinds.FollowUpFulfilled,
    };

    private List<MatchedAlert> raised = [];
    private int webhooks;

    public string Name => ChangeCheckpoint.AlertMatcher;
    public int PageSize => options.Value.BatchSize;
    public TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.IntervalMilliseconds);

    public async Task HandleAsync(IReadOnlyList<ChangeRow> page, CancellationToken ct)
    {
        var alertable = await AlertableAsync(page, ct);
        var claims = (await Measures.ClaimAlerts.MatchAsync(db, known, page, json.Value.SerializerOptions, ct)).Select(m =>
            new MatchedAlert(new Alertable(m.Change, AlertKinds.ClaimRecorded, null, m.EventId, null, m.Data), m.SubscriptionId, m.Webhook));
        // Alert ids follow the log: a page's claims and events in their order there.
        var order = page.Select((c, i) => (c.Sequence, i)).ToDictionary(p => p.Sequence, p => p.i);
        raised = [.. (await MatchAsync(alertable, ct)).Concat(claims).OrderBy(a => order[a.Change.Change.Sequence]).ThenBy(a => a.SubscriptionId)];
        webhooks = await WriteAlertsAsync(raised, ct);
    }

    public Task AfterCommitAsync(CancellationToken ct)
    {
        RecordLag(raised);
        if (raised.Count > 0)
        {
            // This instance's streams read at once, not only when the notification comes back from the database.
            streams.Pulse();
        }

        if (webhooks > 0)
        {
            // Receivers hear at once; were this to fail, the recurring delivery job finds the pending alerts (the outbox).
            try
            {
                jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
            }
            catch (Exception ex)
            {
                logger.LogWarning("Could not enqueue webhook delivery ({Error}); the recurring job will deliver", ex.Message);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Alert lag: from each change's write to its alerts' commit, once per change that raised any.</summary>
    private void RecordLag(List<MatchedAlert> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        metrics.AlertsRaised.Add(alerts.Count);
        foreach (var change in alerts.Select(a => a.Change.Change).DistinctBy(c => c.Sequence))
        {
            metrics.AlertLag.Record(Math.Max(0, (now - change.At).TotalSeconds));
        }
    }

    /// <summary>
    /// A change that can raise alerts, with the event its subscriptions' filters are matched against (none for a claim), and
    /// the alerts' data: none for an event's, which is read from its change (<see cref="StoredAlert"/>).
    /// </summary>
    private sealed record Alertable(ChangeRow Change, string AlertKind, EventView? Event, Guid? EventId, Guid? FollowUpId, string? Data);

    private async Task<List<Alertable>> AlertableAsync(IReadOnlyList<ChangeRow> changes, CancellationToken ct)
    {
        var options = json.Value.SerializerOptions;
        var followUps = changes.Where(c => c.Entity == ChangeEntities.FollowUp && AlertKindOf.ContainsKey(c.Kind))
            .ToDictionary(c => c.Sequence, c => JsonSerializer.Deserialize<FollowUps.FollowUpView>(c.Data, options)!);

        // A follow-up's alerts are matched against its event as it stands: one query for the batch.
        var eventIds = followUps.Values.Select(f => f.EventId).Distinct().ToList();
        var events = eventIds.Count == 0
            ? []
            : await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.EventId)).ToViews().ToDictionaryAsync(e => e.Id, ct);

        var alertable = new List<Alertable>();
        foreach (var change in changes)
        {
            if (!AlertKindOf.TryGetValue(change.Kind, out var kind))
            {
                continue;
            }

            if (change.Entity == ChangeEntities.Event)
            {
                var e = JsonSerializer.Deserialize<EventView>(change.Data, options)!;
                alertable.Add(new Alertable(change, kind, e, e.Id, null, null));
            }
            else if (followUps.TryGetValue(change.Sequence, out var followUp) && events.TryGetValue(followUp.EventId, out var e))
            {
                var eventJson = JsonSerializer.Serialize(e, options);
                alertable.Add(new Alertable(change, kind, e, e.Id, followUp.Id, $$"""{"followUp":{{change.Data}},"event":{{eventJson}}}"""));
            }
        }

        return alertable;
    }

    private sealed record MatchedAlert(Alertable Change, Guid SubscriptionId, bool Webhook);

    private async Task<List<MatchedAlert>> MatchAsync(List<Alertable> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var keysOf = changes.Select(c => TimelineFilter.KeysOf(c.Event!)).ToList();
        var candidates = await SubscriptionCandidates.LoadAsync(db, known, [.. keysOf.SelectMany(k => k).Distinct()], json.Value.SerializerOptions, ct);
        var subscribers = candidates.Subscribers;
        // Each candidate's filter is resolved and worked out once for the page; a pair of a change and a candidate then costs
        // its field test, and only the pairs that pass it and have words or a place to check go further.
        var filters = await TimelineFilter.Batch.ResolveAsync(db, [.. subscribers.Select(s => s.Filter)], ct);
        var events = changes.Select(c => c.Event!).ToList();
        var matched = new List<(int Change, int Subscriber)>();
        var unconfirmed = new List<(int Filter, int Event)>();
        var found = new List<int>();
        var lastFound = new int[subscribers.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            found.Clear();
            candidates.Into(found, keysOf[i], changes[i].AlertKind, changes[i].Change.At, lastFound, i + 1);
            foreach (var s in found)
            {
                if (!filters.FieldsMatch(s, events[i]))
                {
                    continue;
                }

                if (filters.NeedsConfirming(s))
                {
                    unconfirmed.Add((s, i));
                }
                else
                {
                    matched.Add((i, s));
                }
            }
        }

        var confirmed = await filters.ConfirmAsync(db, events, unconfirmed, ct);
        matched.AddRange(unconfirmed.Where((_, k) => confirmed[k]).Select(p => (p.Event, p.Filter)));
        return [.. matched
            .OrderBy(p => p.Change).ThenBy(p => subscribers[p.Subscriber].Id)
            .Select(p => new MatchedAlert(changes[p.Change], subscribers[p.Subscriber].Id, subscribers[p.Subscriber].Webhook))];
    }

    /// <summary>
    /// The alerts, in log order so that their ids follow it; a webhook's alert is also its delivery's outbox row. In the same
    /// round trip, the notification that reaches every instance's stream listener when this commits.
    /// </summary>
    private async Task<int> WriteAlertsAsync(List<MatchedAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var subscriptions = alerts.Select(a => a.SubscriptionId).ToArray();
        var kinds = alerts.Select(a => a.Change.AlertKind).ToArray();
        var eventIds = alerts.Select(a => a.Change.EventId).ToArray();
        var followUpIds = alerts.Select(a => a.Change.FollowUpId).ToArray();
        var sequences = alerts.Select(a => a.Change.Change.Sequence).ToArray();
        var data = alerts.Select(a => a.Change.Data).ToArray();
        var messageIds = alerts.Select(_ => "msg_" + Guid.CreateVersion7(now).ToString("N")).ToArray();
        var states = alerts.Select(a => a.Webhook ? AlertDelivery.Pending : AlertDelivery.None).ToArray();
        var nextAttempts = alerts.Select(a => a.Webhook ? now : (DateTimeOffset?)null).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.alerts (subscription_id, kind, event_id, follow_up_id, change_sequence, data, created_at, message_id,
                                          delivery_state, attempts, next_attempt_at)
             SELECT r.subscription_id, r.kind, r.event_id, r.follow_up_id, r.change_sequence, r.data::jsonb, {now}, r.message_id,
                    r.delivery_state, 0, r.next_attempt_at
             FROM unnest({subscriptions}, {kinds}, {eventIds}, {followUpIds}, {sequences}, {data}, {messageIds}, {states}, {nextAttempts})
                  WITH ORDINALITY AS r(subscription_id, kind, event_id, follow_up_id, change_sequence, data, message_id, delivery_state, next_attempt_at, ord)
             ORDER BY r.ord
             ON CONFLICT (subscription_id, change_sequence) DO NOTHING;
             SELECT pg_notify({Channel}, '');
             """, ct);
        return alerts.Count(a => a.Webhook);
    }
}
