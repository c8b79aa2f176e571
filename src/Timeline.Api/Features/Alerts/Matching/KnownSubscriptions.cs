using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Alerts.Matching;

/// <summary>
/// The candidate subscriptions as the matchers last read them, each with its filter parsed, kept between pages. A page's
/// look-up answers only each candidate's id and row versions (<c>xmin</c> of the subscription and of the timeline it
/// follows); a subscription read before at the same versions is taken from here, the others (new, amended, or following a
/// timeline saved again since) are read whole and parsed once. With 10 000 subscriptions, reading and parsing every
/// candidate's filter, keys and kinds on every page was most of the matcher's work.
/// </summary>
public sealed class KnownSubscriptions
{
    /// <summary>Past this many, the next subscriptions read start the collection afresh (a bound, not an eviction policy).</summary>
    private const int MostKept = 200_000;

    private readonly ConcurrentDictionary<Guid, Known> known = new();

    /// <summary>A candidate as the look-up found it: its id and the versions of its rows.</summary>
    internal sealed record Found(Guid Id, long SubscriptionVersion, long TimelineVersion);

    internal sealed record Candidate(SubscriptionCandidates.Subscriber Subscriber, string[] MatchKeys);

    private sealed record Known(long SubscriptionVersion, long TimelineVersion, Candidate Candidate);

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
