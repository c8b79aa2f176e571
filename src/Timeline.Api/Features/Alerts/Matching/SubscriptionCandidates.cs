using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>
/// The active subscriptions of live keys a batch of changes could concern, looked up once per batch: one GIN scan for all the
/// distinct keys of the batch's events (<c>match_keys &amp;&amp; keys</c>), each subscription once with its filter parsed once,
/// and filed here under each of its keys the batch offers. (One look-up per key, joined to the keys as a set, came back with
/// a subscription once per key and let the planner pick a plan that cost 200 ms a page with 10 000 subscriptions.)
/// </summary>
internal sealed class SubscriptionCandidates
{
    public sealed record Subscriber(Guid Id, TimelineFilter Filter, string[] Kinds, bool Webhook, DateTimeOffset CreatedAt);

    private readonly Dictionary<string, List<Subscriber>> byKey;

    private SubscriptionCandidates(Dictionary<string, List<Subscriber>> byKey) => this.byKey = byKey;

    public static async Task<SubscriptionCandidates> LoadAsync(TimelineDbContext db, string[] keys, string[] kinds, JsonSerializerOptions json,
        CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<KeyedRow>(
            $"""
             -- Column names as the naming convention maps the row's members.
             SELECT s.match_keys, s.id, coalesce(t.filter::text, s.filter::text) AS filter, s.kinds, s.webhook_url IS NOT NULL AS webhook, s.created_at
             FROM timeline.subscriptions s
             -- Only while the key that owns it is live: a revoked or missing owner hears nothing, however it came to be.
             JOIN timeline.api_keys o ON o.id = s.owner_key_id AND o.revoked_at IS NULL
             LEFT JOIN timeline.timelines t ON t.slug = s.timeline_slug
             WHERE s.match_keys && {keys} AND s.active AND s.kinds && {kinds}
             """).ToListAsync(ct);
        var offered = keys.ToHashSet(StringComparer.Ordinal);
        return Index([.. rows.SelectMany(r => r.MatchKeys.Where(offered.Contains).Distinct()
            .Select(key => new Row(key, r.Id, r.Filter, r.Kinds, r.Webhook, r.CreatedAt)))], json);
    }

    /// <summary>
    /// Every active subscription of a live key that asks for <paramref name="kind"/> by name, under <see cref="TimelineFilter.AnyKey"/>:
    /// for records whose filters the match keys do not describe (a lead is matched by its actors and words only).
    /// </summary>
    public static async Task<SubscriptionCandidates> AskingForAsync(TimelineDbContext db, string kind, JsonSerializerOptions json, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<Row>(
            $"""
             SELECT {TimelineFilter.AnyKey} AS key, s.id, coalesce(t.filter::text, s.filter::text) AS filter, s.kinds, s.webhook_url IS NOT NULL AS webhook,
                    s.created_at
             FROM timeline.subscriptions s
             JOIN timeline.api_keys o ON o.id = s.owner_key_id AND o.revoked_at IS NULL
             LEFT JOIN timeline.timelines t ON t.slug = s.timeline_slug
             WHERE s.active AND s.kinds @> ARRAY[{kind}]::text[]
             """).ToListAsync(ct);
        return Index(rows, json);
    }

    private static SubscriptionCandidates Index(List<Row> rows, JsonSerializerOptions json)
    {
        var subscribers = new Dictionary<Guid, Subscriber>();
        var byKey = new Dictionary<string, List<Subscriber>>();
        foreach (var row in rows.Where(r => r.Filter is not null))
        {
            if (!subscribers.TryGetValue(row.Id, out var subscriber))
            {
                subscriber = subscribers[row.Id] = new Subscriber(row.Id, JsonSerializer.Deserialize<TimelineFilter>(row.Filter!, json)!, row.Kinds,
                    row.Webhook, row.CreatedAt);
            }

            if (!byKey.TryGetValue(row.Key, out var list))
            {
                list = byKey[row.Key] = [];
            }

            list.Add(subscriber);
        }

        return new SubscriptionCandidates(byKey);
    }

    /// <summary>The subscriptions found under any of a change's keys that want its kind and were made before it, each once.</summary>
    public List<Subscriber> For(string[] keys, string kind, DateTimeOffset at)
    {
        var seen = new HashSet<Guid>();
        var found = new List<Subscriber>();
        foreach (var key in keys)
        {
            if (!byKey.TryGetValue(key, out var list))
            {
                continue;
            }

            // A subscription hears of changes made after it was made.
            found.AddRange(list.Where(s => at >= s.CreatedAt && s.Kinds.Contains(kind) && seen.Add(s.Id)));
        }

        return found;
    }

    private sealed record Row(string Key, Guid Id, string? Filter, string[] Kinds, bool Webhook, DateTimeOffset CreatedAt);

    private sealed record KeyedRow(string[] MatchKeys, Guid Id, string? Filter, string[] Kinds, bool Webhook, DateTimeOffset CreatedAt);
}
