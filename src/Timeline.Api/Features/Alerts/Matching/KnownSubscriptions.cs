using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>
/// The candidate subscriptions as the matchers last read them, each with its filter parsed, kept between pages. While no
/// subscription, key or timeline changes (the version that their tables' triggers renew, <c>timeline.subscriptions_version</c>),
/// the candidates found under a key stay what they were: a page looks up only the keys it offers that no page has offered
/// since the last change, and reads the version otherwise (<see cref="UnderKeysAsync"/>). A look-up answers each candidate's
/// id and row versions (<c>xmin</c> of the subscription and of the timeline it follows); a subscription read before at the
/// same versions is taken from here, the others are read whole and parsed once. With 10 000 subscriptions, reading and
/// parsing every candidate's filter on every page was most of the matcher's work, and then the look-up itself a fifth of
/// what the subscriptions added to a write.
/// </summary>
public sealed class KnownSubscriptions
{
    /// <summary>Past this many, the next subscriptions read start the collection afresh (a bound, not an eviction policy).</summary>
    private const int MostKept = 200_000;

    /// <summary>Past this many keys, the keys' candidates start afresh (a bound, not an eviction policy).</summary>
    private const int MostKeys = 100_000;

    private readonly ConcurrentDictionary<Guid, Known> known = new();

    /// <summary>The candidates under each key looked up while the subscriptions stood at <see cref="keysVersion"/>.</summary>
    private readonly Dictionary<string, Candidate[]> underKey = new(StringComparer.Ordinal);
    private readonly Lock keysGate = new();
    private Guid keysVersion;

    /// <summary>A candidate as the look-up found it: its id and the versions of its rows.</summary>
    internal sealed record Found(Guid Id, long SubscriptionVersion, long TimelineVersion);

    internal sealed record Candidate(SubscriptionCandidates.Subscriber Subscriber, string[] MatchKeys);

    private sealed record Known(long SubscriptionVersion, long TimelineVersion, Candidate Candidate);

    /// <summary>
    /// The active subscriptions of live keys filed under each of <paramref name="keys"/>: from here for keys looked up
    /// since the subscriptions last changed, through their GIN index for the others. The version is read first: a change
    /// that commits between it and the look-up is found by the next page's read, which then starts afresh, so what is kept
    /// is never older than the version it is kept under. (A subscription deleted cannot commit meanwhile: unsubscribing
    /// waits for the page, <see cref="AlertWriteLock"/>.)
    /// </summary>
    internal async Task<Dictionary<string, Candidate[]>> UnderKeysAsync(TimelineDbContext db, string[] keys, JsonSerializerOptions json, CancellationToken ct)
    {
        // Without its row (an operator's hand), a version never seen before: every key is looked up, as if nothing were kept.
        var version = await db.Database.SqlQuery<Guid>(
            $"SELECT coalesce((SELECT token FROM timeline.subscriptions_version), gen_random_uuid()) AS \"Value\"").SingleAsync(ct);
        var under = new Dictionary<string, Candidate[]>(keys.Length, StringComparer.Ordinal);
        var missing = new List<string>();
        lock (keysGate)
        {
            if (version != keysVersion || underKey.Count + keys.Length > MostKeys)
            {
                underKey.Clear();
                keysVersion = version;
            }

            foreach (var key in keys)
            {
                if (underKey.TryGetValue(key, out var candidates))
                {
                    under[key] = candidates;
                }
                else
                {
                    missing.Add(key);
                }
            }
        }

        if (missing.Count == 0)
        {
            return under;
        }

        var lookedUp = missing.ToArray();
        var found = await db.Database.SqlQuery<Found>(
            $"""
             -- The subscriptions under the keys first, through their GIN index; joined to their owners after. (Planned as one,
             -- the planner took the few live keys first and tested every subscription of each owner's: all 10 000 of them.)
             WITH s AS MATERIALIZED (
                 SELECT s.id, s.xmin AS row_version, s.owner_key_id, s.timeline_slug FROM timeline.subscriptions s
                 WHERE s.match_keys && {lookedUp} AND s.active)
             -- Column names as the naming convention maps the row's members.
             SELECT s.id, s.row_version::text::bigint AS subscription_version, coalesce(t.xmin::text::bigint, 0) AS timeline_version
             FROM s
             -- Only while the key that owns it is live: a revoked or missing owner hears nothing, however it came to be.
             JOIN timeline.api_keys o ON o.id = s.owner_key_id AND o.revoked_at IS NULL
             LEFT JOIN timeline.timelines t ON t.slug = s.timeline_slug
             """).ToListAsync(ct);
        var filed = missing.ToDictionary(k => k, _ => new List<Candidate>(), StringComparer.Ordinal);
        foreach (var candidate in await CurrentAsync(db, found, json, ct))
        {
            foreach (var key in candidate.MatchKeys)
            {
                if (filed.TryGetValue(key, out var list))
                {
                    list.Add(candidate);
                }
            }
        }

        lock (keysGate)
        {
            foreach (var (key, list) in filed)
            {
                Candidate[] candidates = [.. list];
                under[key] = candidates;
                if (keysVersion == version)
                {
                    underKey[key] = candidates;
                }
            }
        }

        return under;
    }

    /// <summary>The found subscriptions as they are now: from here where their rows have not changed, read whole otherwise.</summary>
    internal async Task<List<Candidate>> CurrentAsync(TimelineDbContext db, List<Found> found, JsonSerializerOptions json, CancellationToken ct)
    {
        var current = new List<Candidate>(found.Count);
        var missing = new List<Guid>();
        foreach (var f in found)
        {
            if (known.TryGetValue(f.Id, out var k) && k.SubscriptionVersion == f.SubscriptionVersion && k.TimelineVersion == f.TimelineVersion)
            {
                current.Add(k.Candidate);
            }
            else
            {
                missing.Add(f.Id);
            }
        }

        if (missing.Count == 0)
        {
            return current;
        }

        var ids = missing.ToArray();
        var rows = await db.Database.SqlQuery<Row>(
            $"""
             -- Column names as the naming convention maps the row's members; the look-up's conditions again.
             SELECT s.id, s.xmin::text::bigint AS subscription_version, coalesce(t.xmin::text::bigint, 0) AS timeline_version, s.match_keys,
                    coalesce(t.filter::text, s.filter::text) AS filter, s.kinds, s.webhook_url IS NOT NULL AS webhook, s.created_at
             FROM timeline.subscriptions s
             JOIN timeline.api_keys o ON o.id = s.owner_key_id AND o.revoked_at IS NULL
             LEFT JOIN timeline.timelines t ON t.slug = s.timeline_slug
             WHERE s.id = ANY({ids}) AND s.active
             """).ToListAsync(ct);
        if (known.Count + rows.Count > MostKept)
        {
            known.Clear();
        }

        foreach (var row in rows)
        {
            // Following a timeline that is gone: nothing to match against.
            if (row.Filter is null)
            {
                continue;
            }

            var subscriber = new SubscriptionCandidates.Subscriber(row.Id, JsonSerializer.Deserialize<TimelineFilter>(row.Filter, json)!, row.Kinds,
                row.Webhook, row.CreatedAt);
            var candidate = new Candidate(subscriber, [.. row.MatchKeys.Distinct()]);
            known[row.Id] = new Known(row.SubscriptionVersion, row.TimelineVersion, candidate);
            current.Add(candidate);
        }

        return current;
    }

    private sealed record Row(Guid Id, long SubscriptionVersion, long TimelineVersion, string[] MatchKeys, string? Filter, string[] Kinds, bool Webhook,
        DateTimeOffset CreatedAt);
}
