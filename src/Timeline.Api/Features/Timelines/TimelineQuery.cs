using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Timelines;

/// <summary>The chronological query, sorted by earliest, latest, id, keyset-paged.</summary>
public sealed record TimelineQuery : TimelineFilter, IQuery<TimelinePage>, Platform.Pipeline.ILongRead
{
    /// <summary>An RFC 3339 instant: the timeline as it was recorded then.</summary>
    public string? AsOf { get; init; }

    /// <summary><c>asc</c> (default) or <c>desc</c>.</summary>
    public string? Order { get; init; }

    /// <summary>1–500, default 50.</summary>
    public string? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// Asked by the endpoints that answer the page as JSON (not a query parameter): the page is written as its answer while
    /// its rows are read (<see cref="TimelinePage.Answer"/>), instead of as views.
    /// </summary>
    internal bool AsAnswer { get; init; }

    public static TimelineQuery Of(TimelineFilter filter) => new()
    {
        Actor = filter.Actor, ActorsOf = filter.ActorsOf, Type = filter.Type, Tag = filter.Tag, Status = filter.Status,
        From = filter.From, To = filter.To, Match = filter.Match, Q = filter.Q,
        Authority = filter.Authority, Program = filter.Program, Reliability = filter.Reliability, Credibility = filter.Credibility,
        Bbox = filter.Bbox, Near = filter.Near, PlaceMatch = filter.PlaceMatch,
    };
}

public sealed record TimelinePage(IReadOnlyList<EventView> Items, string? NextCursor)
{
    /// <summary>
    /// The page written as its JSON answer, when the query asked for it (<see cref="TimelineQuery.AsAnswer"/>): then
    /// <see cref="Items"/> is empty. Null when it was read as views (and, rarely, when asked: see <see cref="TimelineAnswer.ReadAsync"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimelineAnswer? Answer { get; init; }

    /// <summary>What an endpoint answers: the page as written, or its views serialised.</summary>
    public IResult ToResult() => Answer ?? (IResult)TypedResults.Ok(this);
}

public sealed class TimelineQueryValidator : TimelineFilterRules<TimelineQuery>
{
    public TimelineQueryValidator()
    {
        RuleFor(x => x.AsOf).Must(a => TimelineQueryHandler.ParseInstant(a) is not null).When(x => x.AsOf is not null)
            .WithMessage("asOf must be an RFC 3339 instant, e.g. 2026-01-31T12:00:00Z");
        RuleFor(x => x.Order).Must(o => o is null or "asc" or "desc").WithMessage("order must be asc or desc");
        RuleFor(x => x.Limit).Must(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 500)
            .When(x => x.Limit is not null).WithMessage("limit must be a whole number from 1 to 500");
        RuleFor(x => x.Cursor).Must((q, c) => TimelineCursor.Decode(c) is { } cursor && cursor.Descending == (q.Order == "desc"))
            .When(x => x.Cursor is not null)
            .WithMessage("cursor is not a nextCursor of this query (it is malformed, or for the other order)");
    }
}

/// <summary>Where the previous page ended, in the sort order: opaque to clients.</summary>
public sealed record TimelineCursor(DateOnly Earliest, DateOnly Latest, Guid Id, bool Descending)
{
    public string Encode() =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Every member must be there: a cursor is one the server wrote, not a guess.
    private static readonly JsonSerializerOptions CursorJson = new() { RespectRequiredConstructorParameters = true };

    public static TimelineCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200)
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            return JsonSerializer.Deserialize<TimelineCursor>(Convert.FromBase64String(base64), CursorJson);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

public sealed class TimelineQueryHandler(TimelineDbContext db, IOptions<JsonOptions> json) : IQueryHandler<TimelineQuery, TimelinePage>
{
    public async ValueTask<TimelinePage> Handle(TimelineQuery query, CancellationToken cancellationToken)
    {
        query = (TimelineQuery)await query.ResolveAsync(db, cancellationToken);
        if (query.AsAnswer && await TimelineAnswer.ReadAsync(TimelinePageCommand.Create(db, query), db, Limit(query), query.Order == "desc", json.Value.SerializerOptions.Encoder,
                cancellationToken) is { } answer)
        {
            return new TimelinePage([], null) { Answer = answer };
        }

        return await ReadPageAsync(db, query, cancellationToken);
    }

    /// <summary>
    /// A page of a query that is checked and whose actors are resolved (<see cref="TimelineFilter.ResolveAsync"/>): a
    /// download reads its later pages so, the first one having been asked through the pipeline, and past the 500 events a
    /// page a client may ask for.
    /// </summary>
    /// <param name="placedOnly">Only events placed where a place has a shape (a footprint): a map's download writes no others.</param>
    public static async Task<TimelinePage> ReadPageAsync(TimelineDbContext db, TimelineQuery query, CancellationToken cancellationToken, bool placedOnly = false)
    {
        var limit = Limit(query);
        var items = await EventViewReader.ToListAsync(Views(db, query, placedOnly), db, cancellationToken);

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            var last = items[^1];
            next = new TimelineCursor(last.Earliest ?? DateOnly.MinValue, last.Latest ?? DateOnly.MaxValue, last.Id, query.Order == "desc").Encode();
        }

        return new TimelinePage(items, next);
    }

    /// <summary>The page's query (one row more than the limit, to know whether there is a next page), for a query whose actors are resolved.</summary>
    /// <remarks>
    /// <paramref name="placedOnly"/> holds for the current events only: a revision keeps the footprint its places had
    /// then, and a place given a shape since would leave it out, so a view as of an instant reads every revision.
    /// </remarks>
    public static IQueryable<EventView> Views(TimelineDbContext db, TimelineQuery query, bool placedOnly = false)
    {
        var asOf = ParseInstant(query.AsOf);
        var limit = Limit(query);
        return asOf is { } instant
            ? Page(db.EventRevisions.AsNoTracking().Where(r => r.ValidFrom <= instant && (r.ValidTo == null || r.ValidTo > instant)), query, limit)
            : Page(placedOnly ? db.Events.AsNoTracking().Where(e => e.Footprint != null) : db.Events.AsNoTracking(), query, limit);
    }

    private static IQueryable<EventView> Page<T>(IQueryable<T> events, TimelineQuery query, int limit)
        where T : EventState
    {
        events = query.Where(events);
        var descending = query.Order == "desc";
        if (TimelineCursor.Decode(query.Cursor) is { } c)
        {
            // Keyset: strictly after the last row shown, so rows inserted meanwhile neither repeat nor shift the page.
            events = descending
                ? events.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.Earliest, e.Latest, e.EventId), ValueTuple.Create(c.Earliest, c.Latest, c.Id)))
                : events.Where(e => EF.Functions.GreaterThan(ValueTuple.Create(e.Earliest, e.Latest, e.EventId), ValueTuple.Create(c.Earliest, c.Latest, c.Id)));
        }

        events = descending
            ? events.OrderByDescending(e => e.Earliest).ThenByDescending(e => e.Latest).ThenByDescending(e => e.EventId)
            : events.OrderBy(e => e.Earliest).ThenBy(e => e.Latest).ThenBy(e => e.EventId);
        return events.Take(limit + 1).ToViews();
    }

    internal static int Limit(TimelineQuery query) => query.Limit is null ? 50 : int.Parse(query.Limit, CultureInfo.InvariantCulture);

    internal static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && text.Contains('T', StringComparison.OrdinalIgnoreCase)
        && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.OrdinalIgnoreCase))
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToUniversalTime()
            : null;
}
