using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A claim as its event shows it: the figure with its measure's name and unit (the claim's <c>measure</c> is the code
/// of the measure's page), its source, and who recorded it. Only current claims are shown with an event.
/// </summary>
public sealed record EventClaimView(Guid Id, string Measure, string MeasureName, string Unit, decimal? Value, string Qualifier, decimal? Low,
    decimal? High, string AsOf, string? Period, SourceFields Source, Guid? DerivedFrom, string? Note, DateTimeOffset RecordedAt,
    string RecordedBy)
{
    /// <summary>The figure in words, as a download that has no place for numbers carries it: "at least 3000 persons, as of 2024-10-23".</summary>
    public string Words()
    {
        static string N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var figure = Qualifier == ClaimQualifiers.Range || Value is null
            ? $"between {N(Low)} and {N(High)}"
            : Qualifier switch
            {
                ClaimQualifiers.Exact => "exactly ",
                ClaimQualifiers.AtLeast => "at least ",
                ClaimQualifiers.AtMost => "at most ",
                _ => "about ",
            } + N(Value) + (Low is not null || High is not null ? $" ({N(Low)} to {N(High)})" : "");
        return $"{figure} {Unit}, as of {AsOf}" + (Period is null ? "" : $", over {Period}");
    }
}

/// <summary>The current claims linked to an event (through their <c>eventId</c>), oldest <c>asOf</c> first.</summary>
public sealed record ListEventClaims(Guid EventId) : IQuery<IReadOnlyList<EventClaimView>>;

public sealed class ListEventClaimsHandler(TimelineDbContext db) : IQueryHandler<ListEventClaims, IReadOnlyList<EventClaimView>>
{
    public async ValueTask<IReadOnlyList<EventClaimView>> Handle(ListEventClaims query, CancellationToken cancellationToken)
    {
        if (!await db.Events.AnyAsync(e => e.EventId == query.EventId, cancellationToken))
        {
            throw ProblemException.NotFound($"event {query.EventId}");
        }

        var claims = await EventClaims.ReadAsync(db, [query.EventId], null, cancellationToken);
        return claims.TryGetValue(query.EventId, out var list) ? list : [];
    }
}

public static class EventClaims
{
    /// <summary>
    /// The claims of many events in one query (a download reads them a page of events at a time): those current at
    /// <paramref name="at"/> (recorded by then and not retracted by then), now when null; by event, oldest <c>asOf</c> first.
    /// </summary>
    public static async Task<Dictionary<Guid, List<EventClaimView>>> ReadAsync(TimelineDbContext db, IReadOnlyCollection<Guid> eventIds,
        DateTimeOffset? at, CancellationToken ct)
    {
        var rows = await Current(db, at).Where(c => c.EventId != null && eventIds.Contains(c.EventId.Value))
            .Join(db.Measures, c => c.MeasureCode, m => m.Code, (c, m) => new { Claim = c, m.Name, m.Unit })
            .OrderBy(x => x.Claim.AsOfEarliest).ThenBy(x => x.Claim.RecordedAt).ThenBy(x => x.Claim.Id)
            .ToListAsync(ct);
        var byEvent = new Dictionary<Guid, List<EventClaimView>>();
        foreach (var row in rows)
        {
            var c = row.Claim;
            var source = new SourceFields
            {
                Url = c.Source.Url, Title = c.Source.Title, Publisher = c.Source.Publisher, Published = c.Source.Published, Quote = c.Source.Quote,
                Reliability = c.Source.Reliability,
            };
            var view = new EventClaimView(c.Id, c.MeasureCode, row.Name, row.Unit, c.Value, c.Qualifier, c.Low, c.High, c.AsOf, c.Period, source,
                c.DerivedFrom, c.Note, c.RecordedAt, c.RecordedBy);
            if (!byEvent.TryGetValue(c.EventId!.Value, out var list))
            {
                byEvent[c.EventId.Value] = list = [];
            }

            list.Add(view);
        }

        return byEvent;
    }

    /// <summary>
    /// The events that have claims current at <paramref name="at"/>, in one query; null when there are more than
    /// <paramref name="most"/> (then a download asks for the claims of every page).
    /// </summary>
    public static async Task<HashSet<Guid>?> LinkedEventsAsync(TimelineDbContext db, DateTimeOffset? at, int most, CancellationToken ct)
    {
        var events = await Current(db, at).Where(c => c.EventId != null).Select(c => c.EventId!.Value).Distinct().Take(most + 1).ToListAsync(ct);
        return events.Count > most ? null : [.. events];
    }

    /// <summary>The claims current at <paramref name="at"/> (recorded by then and not retracted by then), now when null.</summary>
    private static IQueryable<Claim> Current(TimelineDbContext db, DateTimeOffset? at)
    {
        var claims = db.Claims.AsNoTracking();
        return at is { } instant
            ? claims.Where(c => c.RecordedAt <= instant && (c.RetractedAt == null || c.RetractedAt > instant))
            : claims.Where(c => c.RetractedAt == null);
    }
}
