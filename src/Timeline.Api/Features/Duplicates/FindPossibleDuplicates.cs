using Mediator;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Dates;

namespace Timeline.Api.Features.Duplicates;

/// <summary>
/// What a body about to be recorded may duplicate. The body may be half filled in (a form being typed): a date that is
/// not EDTF yet, or no actors, only leave those out of the comparison.
/// </summary>
public sealed record FindPossibleDuplicates : EventFields, IQuery<PossibleDuplicateList>
{
    /// <summary>Follow-ups the event would fulfil; not compared, accepted so that a record body can be sent as it is.</summary>
    public List<Guid>? Fulfils { get; init; }
}

public sealed class FindPossibleDuplicatesHandler(TimelineDbContext db) : IQueryHandler<FindPossibleDuplicates, PossibleDuplicateList>
{
    public async ValueTask<PossibleDuplicateList> Handle(FindPossibleDuplicates query, CancellationToken cancellationToken) =>
        new(await PossibleDuplicates.FindAsync(db, ProbeOf(query), cancellationToken));

    public static DuplicateProbe ProbeOf(EventFields body)
    {
        EdtfDate? date = null;
        if (!string.IsNullOrWhiteSpace(body.Occurred) && EdtfDate.TryParse(body.Occurred.Trim(), out var parsed, out _))
        {
            date = parsed;
        }

        return new DuplicateProbe(Cut(body.Title, 300), Cut(body.Summary, 10_000), date?.Earliest ?? (date is null ? null : DateOnly.MinValue),
            date?.Latest ?? (date is null ? null : DateOnly.MaxValue),
            [.. (body.Actors ?? []).OfType<string>().Take(EventRules<EventFields>.MaxItems)],
            [.. (body.Sources ?? []).Select(s => s?.Url).OfType<string>()]);
    }

    private static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];
}
