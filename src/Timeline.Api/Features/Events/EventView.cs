using System.Linq.Expressions;
using Timeline.Core.Events;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Events;

/// <summary>An event as the API returns it.</summary>
public sealed record EventView(
    Guid Id,
    string Title,
    string Summary,
    string Occurred,
    DateOnly? Earliest,
    DateOnly? Latest,
    string Precision,
    bool Uncertain,
    bool Approximate,
    string Type,
    string Status,
    string[] Actors,
    string[] Tags,
    List<Source> Sources,
    List<RelatedEvent> Related,
    int? Credibility,
    Sanction? Sanction,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int Version,
    string? RetractionReason,
    List<EventPlace> Places)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => ETagOf(Version);

    public static string ETagOf(int version) => $"\"{version}\"";
}

public static class EventViewProjection
{
    /// <summary>Reads straight into the view, for the current events and for revisions alike.</summary>
    public static IQueryable<EventView> ToViews<T>(this IQueryable<T> events) where T : EventState => events.Select(Projection<T>.View);

    /// <summary>
    /// The projection's expression, made once for each kind of row: written inline in the query, its 24 members' expression
    /// nodes were built again for every page read (a sixth of EF Core's part of a timeline read's CPU).
    /// </summary>
    private static class Projection<T> where T : EventState
    {
        public static readonly Expression<Func<T, EventView>> View = e => new EventView(
            e.EventId, e.Title, e.Summary, e.Occurred,
            e.Earliest == DateOnly.MinValue ? null : e.Earliest,
            e.Latest == DateOnly.MaxValue ? null : e.Latest,
            e.Precision, e.Uncertain, e.Approximate, e.Type, e.Status, e.Actors, e.Tags, e.Sources, e.Related, e.Credibility, e.Sanction,
            e.RecordedAt, e.RecordedBy, e.UpdatedAt, e.UpdatedBy, e.Version, e.RetractionReason, e.Places);
    }

    public static EventView ToView(this EventState e) => new(
        e.EventId, e.Title, e.Summary, e.Occurred,
        e.Earliest == DateOnly.MinValue ? null : e.Earliest,
        e.Latest == DateOnly.MaxValue ? null : e.Latest,
        e.Precision, e.Uncertain, e.Approximate, e.Type, e.Status, e.Actors, e.Tags, e.Sources, e.Related, e.Credibility, e.Sanction,
        e.RecordedAt, e.RecordedBy, e.UpdatedAt, e.UpdatedBy, e.Version, e.RetractionReason, e.Places ?? []);
}
