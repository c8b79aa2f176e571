using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// The claims of a download's events, a page at a time: which events have any is read once (in the download's
/// snapshot), so a page none of whose events has a claim costs no query; when very many events have claims, every
/// page asks.
/// </summary>
public sealed class DownloadClaims(TimelineDbContext db, DateTimeOffset? at)
{
    /// <summary>Up to this many events with claims are known by id (a few MB); past it, each page asks.</summary>
    public const int MostKnown = 100_000;

    private static readonly Dictionary<Guid, List<EventClaimView>> None = [];

    private HashSet<Guid>? linked;
    private bool read;

    /// <summary>The current claims (as of the download's <c>asOf</c>) of these events, by event.</summary>
    public async Task<Dictionary<Guid, List<EventClaimView>>> OfAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        if (!read)
        {
            linked = await EventClaims.LinkedEventsAsync(db, at, MostKnown, ct);
            read = true;
        }

        Guid[] ids = linked is { } known ? [.. events.Select(e => e.Id).Where(known.Contains)] : [.. events.Select(e => e.Id)];
        return ids.Length == 0 ? None : await EventClaims.ReadAsync(db, ids, at, ct);
    }
}
