using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Alerts.Matching;
using Timeline.Api.Features.Changes;
using Timeline.Core.Alerts;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// The <c>claim.recorded</c> alerts of a page of the change log, for the alert matcher. A claim is matched by its measure's
/// actors: a subscription's <c>actor</c> filter applies (any of the measure's actors; none named: every claim); a claim has
/// no tags and no type, so a filter asking for either never matches one; the filter's other members (dates, text,
/// reliability, credibility, status…) describe events and are not considered.
/// </summary>
public static class ClaimAlerts
{
    /// <summary>One claim and one subscription it concerns; <c>Data</c> is the alert's data: the claim and its measure.</summary>
    public sealed record Match(ChangeRow Change, Guid? EventId, string Data, Guid SubscriptionId, bool Webhook);

    public static async Task<List<Match>> MatchAsync(TimelineDbContext db, KnownSubscriptions known, IReadOnlyList<ChangeRow> page, JsonSerializerOptions json, CancellationToken ct)
    {
        var claims = page.Where(c => c.Kind == ChangeKinds.ClaimRecorded && c.Entity == ChangeEntities.Claim)
            .Select(c => (Change: c, Claim: JsonSerializer.Deserialize<ClaimView>(c.Data, json)!)).ToList();
        if (claims.Count == 0)
        {
            return [];
        }

        var codes = claims.Select(c => c.Claim.Measure).Distinct().ToList();
        var measures = await db.Measures.AsNoTracking().Where(m => codes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, ct);
        var keysOf = claims.Select(c => KeysOf(measures[c.Claim.Measure].Actors)).ToList();
        var candidates = await SubscriptionCandidates.LoadAsync(db, known, [.. keysOf.SelectMany(k => k).Distinct()], json, ct);
        var matches = new List<Match>();
        for (var i = 0; i < claims.Count; i++)
        {
            var (change, claim) = claims[i];
            var measure = measures[claim.Measure];
            var data = $$"""{"claim":{{change.Data}},"measure":{{JsonSerializer.Serialize(measure.ToView(), json)}}}""";
            matches.AddRange(candidates.For(keysOf[i], AlertKinds.ClaimRecorded, change.At)
                .Where(s => s.Filter.Tag is not { Length: > 0 } && s.Filter.Type is not { Length: > 0 }
                    && (s.Filter.Actor is not { Length: > 0 } actors || actors.Intersect(measure.Actors).Any()))
                .OrderBy(s => s.Id)
                .Select(s => new Match(change, claim.EventId, data, s.Id, s.Webhook)));
        }

        return matches;
    }

    /// <summary>The keys subscriptions are found under that a claim can concern: any filter without actors, and the measure's actors.</summary>
    private static string[] KeysOf(string[] actors) => [Timelines.TimelineFilter.AnyKey, .. actors.Select(a => "actor:" + a)];
}
