using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Events;
using Timeline.Core.Data;
using Timeline.Core.Dates;
using Timeline.Core.Events;

namespace Timeline.Api.Timelines;

/// <summary>What a timeline shows: the query's filter parameters, also saved with timelines and subscriptions.</summary>
public record TimelineFilter
{
    /// <summary>Actor codes, any of.</summary>
    public string[]? Actor { get; init; }

    /// <summary>Types, any of; <c>military.*</c> matches the subtree.</summary>
    public string[]? Type { get; init; }

    /// <summary>Tags, any of.</summary>
    public string[]? Tag { get; init; }

    /// <summary>Statuses, any of.</summary>
    public string[]? Status { get; init; }

    /// <summary>EDTF day, month or year: the range starts on its first day.</summary>
    public string? From { get; init; }

    /// <summary>EDTF day, month or year: the range ends on its last day.</summary>
    public string? To { get; init; }

    /// <summary><c>overlaps</c> (default): the event's span touches the range; <c>within</c>: it lies inside.</summary>
    public string? Match { get; init; }

    /// <summary>Full text over title, summary and source titles.</summary>
    public string? Q { get; init; }
}

/// <summary>The chronological query, sorted by earliest, latest, id, keyset-paged.</summary>
public sealed record TimelineQuery : TimelineFilter, IQuery<TimelinePage>
{
    /// <summary>An RFC 3339 instant: the timeline as it was recorded then.</summary>
    public string? AsOf { get; init; }

    /// <summary><c>asc</c> (default) or <c>desc</c>.</summary>
    public string? Order { get; init; }

    /// <summary>1–500, default 50.</summary>
    public string? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }

    public static TimelineQuery Of(TimelineFilter filter) => new()
    {
        Actor = filter.Actor, Type = filter.Type, Tag = filter.Tag, Status = filter.Status,
        From = filter.From, To = filter.To, Match = filter.Match, Q = filter.Q,
    };
}

public sealed record TimelinePage(IReadOnlyList<EventView> Items, string? NextCursor);

public class TimelineFilterRules<T> : AbstractValidator<T> where T : TimelineFilter
{
    public TimelineFilterRules()
    {
        RuleForEach(x => x.Actor).Matches(EventRules<EventFields>.ActorPattern).WithMessage("'{PropertyValue}' is not an actor code");
        RuleForEach(x => x.Type).Must(t => t is not null && System.Text.RegularExpressions.Regex.IsMatch(
                t.EndsWith(".*", StringComparison.Ordinal) ? t[..^2] : t, EventRules<EventFields>.TypePattern))
            .WithMessage("'{PropertyValue}' is not a type or a subtree like military.*");
        RuleForEach(x => x.Tag).NotEmpty().MaximumLength(50);
        RuleForEach(x => x.Status).Must(s => EventStatuses.All.Contains(s))
            .WithMessage($"status must be one of {string.Join(", ", EventStatuses.All)}");
        RuleFor(x => x.From).Custom((text, context) => CheckDay(text, context));
        RuleFor(x => x.To).Custom((text, context) => CheckDay(text, context));
        RuleFor(x => x).Must(x => Bound(x.From)!.Earliest <= Bound(x.To)!.Latest)
            .When(x => Bound(x.From) is not null && Bound(x.To) is not null)
            .OverridePropertyName("to").WithMessage("'to' is before 'from'");
        RuleFor(x => x.Match).Must(m => m is null or "overlaps" or "within").WithMessage("match must be overlaps or within");
        RuleFor(x => x.Q).MaximumLength(500);
    }

    private static void CheckDay(string? text, ValidationContext<T> context)
    {
        if (text is null)
        {
            return;
        }

        if (!EdtfDate.TryParse(text, out var date, out var error))
        {
            context.AddFailure(error);
        }
        else if (date.IsInterval || date.Uncertain || date.Approximate)
        {
            context.AddFailure("give a day, a month or a year, e.g. 2024, 2024-06 or 2024-06-19");
        }
    }

    internal static EdtfDate? Bound(string? text) =>
        text is not null && EdtfDate.TryParse(text, out var d, out _) && !d.IsInterval ? d : null;
}

public sealed class TimelineFilterValidator : TimelineFilterRules<TimelineFilter>;

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

public sealed class TimelineQueryHandler(TimelineDbContext db) : IQueryHandler<TimelineQuery, TimelinePage>
{
    public async ValueTask<TimelinePage> Handle(TimelineQuery query, CancellationToken cancellationToken)
    {
        var asOf = ParseInstant(query.AsOf);
        var limit = query.Limit is null ? 50 : int.Parse(query.Limit, CultureInfo.InvariantCulture);
        var items = asOf is { } instant
            ? await Page(db.EventRevisions.AsNoTracking().Where(r => r.ValidFrom <= instant && (r.ValidTo == null || r.ValidTo > instant)), query, limit, cancellationToken)
            : await Page(db.Events.AsNoTracking(), query, limit, cancellationToken);

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            var last = items[^1];
            next = new TimelineCursor(last.Earliest ?? DateOnly.MinValue, last.Latest ?? DateOnly.MaxValue, last.Id, query.Order == "desc").Encode();
        }

        return new TimelinePage(items, next);
    }

    private static Task<List<EventView>> Page<T>(IQueryable<T> events, TimelineQuery query, int limit, CancellationToken ct)
        where T : EventState
    {
        events = Filter(events, query);
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
        return events.Take(limit + 1).ToViews().ToListAsync(ct);
    }

    internal static IQueryable<T> Filter<T>(IQueryable<T> events, TimelineFilter filter) where T : EventState
    {
        if (filter.Actor is { Length: > 0 } actors)
        {
            events = events.Where(e => e.Actors.Any(a => actors.Contains(a)));
        }

        if (filter.Tag is { Length: > 0 } tags)
        {
            var lower = tags.Select(t => t.ToLowerInvariant()).ToArray();
            events = events.Where(e => e.Tags.Any(t => lower.Contains(t)));
        }

        if (filter.Type is { Length: > 0 } types)
        {
            var exact = types.Select(t => t.EndsWith(".*", StringComparison.Ordinal) ? t[..^2] : t).Distinct().ToArray();
            var subtrees = types.Where(t => t.EndsWith(".*", StringComparison.Ordinal)).Select(t => t[..^1] + "%").ToArray();
            events = events.Where(e => exact.Contains(e.Type) || subtrees.Any(p => EF.Functions.Like(e.Type, p)));
        }

        if (filter.Status is { Length: > 0 } statuses)
        {
            events = events.Where(e => statuses.Contains(e.Status));
        }

        var from = TimelineFilterRules<TimelineFilter>.Bound(filter.From)?.Earliest;
        var to = TimelineFilterRules<TimelineFilter>.Bound(filter.To)?.Latest;
        if (filter.Match == "within")
        {
            if (from is { } f)
            {
                events = events.Where(e => e.Earliest >= f);
            }

            if (to is { } t)
            {
                events = events.Where(e => e.Latest <= t);
            }
        }
        else
        {
            if (from is { } f)
            {
                events = events.Where(e => e.Latest >= f);
            }

            if (to is { } t)
            {
                events = events.Where(e => e.Earliest <= t);
            }
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q;
            events = events.Where(e => e.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("english", q)));
        }

        return events;
    }

    internal static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && text.Contains('T', StringComparison.OrdinalIgnoreCase)
        && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.OrdinalIgnoreCase))
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToUniversalTime()
            : null;
}
