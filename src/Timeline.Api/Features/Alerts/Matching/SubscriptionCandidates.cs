using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>
/// The active subscriptions of live keys a batch of changes could concern, each once, filed here under each of its keys the
/// batch offers. They come from <see cref="KnownSubscriptions"/>, which looks up through the subscriptions' GIN index
/// (<c>match_keys &amp;&amp; keys</c>) only the keys that no page has offered since the subscriptions last changed.
/// </summary>
internal sealed class SubscriptionCandidates
{
    public sealed record Subscriber(Guid Id, TimelineFilter Filter, string[] Kinds, bool Webhook, DateTimeOffset CreatedAt);

    private readonly List<Subscriber> subscribers;
    private readonly Dictionary<string, List<int>> byKey;

    private SubscriptionCandidates(List<Subscriber> subscribers, Dictionary<string, List<int>> byKey) => (this.subscribers, this.byKey) = (subscribers, byKey);

    /// <summary>The candidates, each once; <see cref="Into"/> answers their indices here.</summary>
    public IReadOnlyList<Subscriber> Subscribers => subscribers;

    public static async Task<SubscriptionCandidates> LoadAsync(TimelineDbContext db, KnownSubscriptions known, string[] keys, JsonSerializerOptions json,
        CancellationToken ct)
    {
        var subscribers = new List<Subscriber>();
        var index = new Dictionary<Guid, int>();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (key, candidates) in await known.UnderKeysAsync(db, keys, json, ct))
        {
            foreach (var candidate in candidates)
            {
                if (!index.TryGetValue(candidate.Subscriber.Id, out var i))
                {
                    i = index[candidate.Subscriber.Id] = subscribers.Count;
                    subscribers.Add(candidate.Subscriber);
                }

                File(byKey, key, i);
            }
        }

        return new SubscriptionCandidates(subscribers, byKey);
    }

    /// <summary>
    /// Every active subscription of a live key that asks for <paramref name="kind"/> by name, under <see cref="TimelineFilter.AnyKey"/>:
    /// for records whose filters the match keys do not describe (a lead is matched by its actors and words only).
    /// </summary>
    public static async Task<SubscriptionCandidates> AskingForAsync(TimelineDbContext db, KnownSubscriptions known, string kind, JsonSerializerOptions json,
        CancellationToken ct)
    {
        var found = await db.Database.SqlQuery<KnownSubscriptions.Found>(
            $"""
             SELECT s.id, s.xmin::text::bigint AS subscription_version, coalesce(t.xmin::text::bigint, 0) AS timeline_version
             FROM timeline.subscriptions s
             JOIN timeline.api_keys o ON o.id = s.owner_key_id AND o.revoked_at IS NULL
             LEFT JOIN timeline.timelines t ON t.slug = s.timeline_slug
             WHERE s.active AND s.kinds @> ARRAY[{kind}]::text[]
             """).ToListAsync(ct);
        var subscribers = new List<Subscriber>(found.Count);
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var candidate in await known.CurrentAsync(db, found, json, ct))
        {
            File(byKey, TimelineFilter.AnyKey, subscribers.Count);
            subscribers.Add(candidate.Subscriber);
        }

        return new SubscriptionCandidates(subscribers, byKey);
    }

    private static void File(Dictionary<string, List<int>> byKey, string key, int subscriber)
    {
        if (!byKey.TryGetValue(key, out var list))
        {
            list = byKey[key] = [];
        }

        list.Add(subscriber);
    }

    /// <summary>The subscriptions found under any of a change's keys that want its kind and were made before it, each once.</summary>
    public List<Subscriber> For(string[] keys, string kind, DateTimeOffset at)
    {
        var found = new List<int>();
        Into(found, keys, kind, at, new int[subscribers.Count], 1);
        return [.. found.Select(i => subscribers[i])];
    }

    /// <summary>
    /// <see cref="For"/> by index in <see cref="Subscribers"/>, into <paramref name="found"/>, for a page's changes one after
    /// another: each change gives a number (<paramref name="change"/>, from 1), and <paramref name="lastFound"/> (one per
    /// candidate, the page's) remembers which change each candidate was last found for, so no set is made per change.
    /// </summary>
    public void Into(List<int> found, string[] keys, string kind, DateTimeOffset at, int[] lastFound, int change)
    {
        foreach (var key in keys)
        {
            if (!byKey.TryGetValue(key, out var list))
            {
                continue;
            }

            foreach (var i in list)
            {
                // A subscription hears of changes made after it was made.
                var s = subscribers[i];
                if (lastFound[i] != change && at >= s.CreatedAt && s.Kinds.Contains(kind))
                {
                    lastFound[i] = change;
                    found.Add(i);
                }
            }
        }
    }
}
