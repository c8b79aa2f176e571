using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Alerts.Matching;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Leads;

/// <summary>
/// The <c>lead.found</c> alerts: a reader of the change log of its own, beside the alert matcher. A lead is matched by a
/// subscription's <c>actor</c> (any of the lead's actors; none named: every lead) and <c>q</c> (every word in its title or
/// text); the filter's other members describe events and are not considered (a subscription to a tag that asks for
/// <c>lead.found</c> hears of every lead). Only subscriptions that ask for <c>lead.found</c> by name hear of leads. A unique key on (change, subscription) makes a repeat write nothing.
/// </summary>
public sealed class LeadAlerts(TimelineDbContext db, TimeProvider clock, IBackgroundJobClient jobs, KnownSubscriptions known,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<LeadAlerts> logger) : ILogSubscriber
{
    public const string Checkpoint = "lead-alerts";

    private int webhooks;

    public string Name => Checkpoint;

    public async Task HandleAsync(IReadOnlyList<ChangeRow> page, CancellationToken ct)
    {
        webhooks = 0;
        var found = page.Where(c => c.Kind == ChangeKinds.LeadFound && c.Entity == ChangeEntities.Lead)
            .Select(c => (Change: c, Lead: JsonSerializer.Deserialize<LeadView>(c.Data, json.Value.SerializerOptions)!)).ToList();
        if (found.Count == 0)
        {
            return;
        }

        // Alert ids must commit in their order (Last-Event-ID resumes after one): the matcher's checkpoint row is held by the
        // matcher for its whole page, so taking it here (waiting, never skipping) puts these alerts' ids and commit between
        // the matcher's pages. The matcher never takes this subscriber's row, so neither waits on the other in a circle.
        // Taken before the candidates are read: a subscription deleted meanwhile is then either gone from them or deleted
        // after these alerts commit, with them (AlertWriteLock).
        await AlertWriteLock.ForWritingAsync(db, clock, ct);

        // Every subscription asking for lead.found is a candidate: its match keys describe events (a tag, a type), not leads.
        var candidates = await SubscriptionCandidates.AskingForAsync(db, known, AlertKinds.LeadFound, json.Value.SerializerOptions, ct);
        var alerts = new List<(ChangeRow Change, Guid Subscription, bool Webhook)>();
        foreach (var (change, lead) in found)
        {
            alerts.AddRange(candidates.For([TimelineFilter.AnyKey], AlertKinds.LeadFound, change.At).Where(s => Matches(s.Filter, lead)).OrderBy(s => s.Id)
                .Select(s => (change, s.Id, s.Webhook)));
        }

        if (alerts.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var subscriptions = alerts.Select(a => a.Subscription).ToArray();
        var sequences = alerts.Select(a => a.Change.Sequence).ToArray();
        var data = alerts.Select(a => $$"""{"lead":{{a.Change.Data}}}""").ToArray();
        var messageIds = alerts.Select(_ => "msg_" + Guid.CreateVersion7(now).ToString("N")).ToArray();
        var states = alerts.Select(a => a.Webhook ? AlertDelivery.Pending : AlertDelivery.None).ToArray();
        var nextAttempts = alerts.Select(a => a.Webhook ? now : (DateTimeOffset?)null).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.alerts (subscription_id, kind, change_sequence, data, created_at, message_id, delivery_state, attempts, next_attempt_at)
             SELECT r.subscription_id, {AlertKinds.LeadFound}, r.change_sequence, r.data::jsonb, {now}, r.message_id, r.delivery_state, 0, r.next_attempt_at
             FROM unnest({subscriptions}, {sequences}, {data}, {messageIds}, {states}, {nextAttempts})
                  WITH ORDINALITY AS r(subscription_id, change_sequence, data, message_id, delivery_state, next_attempt_at, ord)
             ORDER BY r.ord
             ON CONFLICT (subscription_id, change_sequence) DO NOTHING
             """, ct);
        // Stream listeners on every instance wake when this commits.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({AlertMatcher.Channel}, '')", ct);
        webhooks = alerts.Count(a => a.Webhook);
    }

    public Task AfterCommitAsync(CancellationToken ct)
    {
        if (webhooks > 0)
        {
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

    /// <summary>The filter's actors (any) and words (all, in the title or text); nothing else in it describes a lead.</summary>
    public static bool Matches(TimelineFilter filter, LeadView lead) =>
        (filter.Actor is not { Length: > 0 } actors || actors.Intersect(lead.Actors).Any())
        && (string.IsNullOrWhiteSpace(filter.Q) || filter.Q.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(w => lead.Title.Contains(w, StringComparison.OrdinalIgnoreCase) || lead.Text.Contains(w, StringComparison.OrdinalIgnoreCase)));
}
