using NetTopologySuite.Geometries;
using NpgsqlTypes;
using Timeline.Core.Places;

namespace Timeline.Core.Events;

/// <summary>
/// What an event says at one version. Shared by the current event and its revisions so that the
/// timeline query reads either table with the same filters (the revisions answer <c>asOf</c>).
/// </summary>
public abstract class EventState : Timeline.Core.Changes.IVersioned
{
    public Guid EventId { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";

    /// <summary>The EDTF text exactly as recorded.</summary>
    public string Occurred { get; set; } = "";

    /// <summary>First day the date can mean; <see cref="DateOnly.MinValue"/> (-infinity) for an open or unknown start.</summary>
    public DateOnly Earliest { get; set; }

    /// <summary>Last day the date can mean; <see cref="DateOnly.MaxValue"/> (infinity) for an open or unknown end.</summary>
    public DateOnly Latest { get; set; }

    public string Precision { get; set; } = "";
    public bool Uncertain { get; set; }
    public bool Approximate { get; set; }
    public string Type { get; set; } = "";
    public string Status { get; set; } = "";
    public string[] Actors { get; set; } = [];
    public string[] Tags { get; set; } = [];
    public List<Source> Sources { get; set; } = [];
    public List<RelatedEvent> Related { get; set; } = [];

    /// <summary>How much to believe the event now, on the Admiralty scale: 1 (confirmed by other sources) to 6 (cannot be judged).</summary>
    public int? Credibility { get; set; }

    /// <summary>The designation or delisting a <c>sanctions.designation</c> or <c>sanctions.delisting</c> event records.</summary>
    public Sanction? Sanction { get; set; }

    /// <summary>Where it happened, as precisely as the source says.</summary>
    public List<EventPlace> Places { get; set; } = [];

    /// <summary>What the place filters compare (<see cref="Places.Footprint"/>); null for an event without a place.</summary>
    public Geometry? Footprint { get; set; }

    /// <summary>The sources' reliability grades, distinct, so the <c>reliability</c> filter reads a GIN-indexed array.</summary>
    public string[] SourceReliabilities { get; set; } = [];

    /// <summary>Source titles joined, so full-text search covers them from a generated column.</summary>
    public string SourceTitles { get; set; } = "";

    public NpgsqlTsVector SearchVector { get; set; } = null!;

    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int Version { get; set; }
    public string? RetractionReason { get; set; }
}

/// <summary>The event as it stands now.</summary>
public sealed class Event : EventState
{
    /// <summary>The importer's own id for the event, so importing the same file twice records nothing twice.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Writes the state of this version into a new revision row, closing the previous one.</summary>
    public EventRevision ToRevision(string change, string? reason) => new()
    {
        Id = Guid.CreateVersion7(),
        EventId = EventId,
        Title = Title,
        Summary = Summary,
        Occurred = Occurred,
        Earliest = Earliest,
        Latest = Latest,
        Precision = Precision,
        Uncertain = Uncertain,
        Approximate = Approximate,
        Type = Type,
        Status = Status,
        Actors = [.. Actors],
        Tags = [.. Tags],
        Sources = [.. Sources.Select(s => s with { })],
        Related = [.. Related.Select(r => r with { })],
        Credibility = Credibility,
        Sanction = Sanction is null ? null : Sanction with { Measures = [.. Sanction.Measures] },
        SourceReliabilities = [.. SourceReliabilities],
        Places = [.. Places.Select(p => p with { })],
        Footprint = Footprint?.Copy(),
        SourceTitles = SourceTitles,
        RecordedAt = RecordedAt,
        RecordedBy = RecordedBy,
        UpdatedAt = UpdatedAt,
        UpdatedBy = UpdatedBy,
        Version = Version,
        RetractionReason = RetractionReason,
        ValidFrom = UpdatedAt,
        Change = change,
        Reason = reason,
    };
}

/// <summary>
/// One version of an event, valid from <see cref="ValidFrom"/> until the next version (<see cref="ValidTo"/>),
/// so "the timeline as recorded at T" is the revisions valid at T.
/// </summary>
public sealed class EventRevision : EventState
{
    public Guid Id { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }

    /// <summary><c>recorded</c>, <c>amended</c> or <c>retracted</c>.</summary>
    public string Change { get; set; } = "";
    public string? Reason { get; set; }
}

public sealed record Source
{
    public string Url { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Publisher { get; set; }
    public DateOnly? Published { get; set; }
    public string? Quote { get; set; }

    /// <summary>How reliable the source is, on the Admiralty scale: A (completely reliable) to F (cannot be judged).</summary>
    public string? Reliability { get; set; }
}

/// <summary>A designation (or its lifting) by an authority under a programme, as its own list records it.</summary>
public sealed record Sanction
{
    /// <summary>Who designates, e.g. <c>US OFAC</c>, <c>UN Security Council 1718 Committee</c>, <c>EU Council</c>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The authority's programme, e.g. <c>DPRK3</c>, <c>RUSSIA-EO14024</c>.</summary>
    public string? Program { get; set; }

    /// <summary>The authority's own reference for the listing, e.g. a UN reference or a Federal Register citation.</summary>
    public string? Reference { get; set; }

    /// <summary>When listed, in EDTF.</summary>
    public string? Listed { get; set; }

    /// <summary>When the listing ends or ended, in EDTF.</summary>
    public string? Ends { get; set; }

    /// <summary>What the listing imposes, e.g. <c>asset-freeze</c>, <c>travel-ban</c>.</summary>
    public List<string> Measures { get; set; } = [];
    public string? Reason { get; set; }
}

/// <summary>The Admiralty (NATO) grading: a source's reliability and an event's credibility.</summary>
public static class Admiralty
{
    public static readonly string[] Reliabilities = ["A", "B", "C", "D", "E", "F"];
    public const int MostCredible = 1;
    public const int LeastCredible = 6;
}

public sealed record RelatedEvent
{
    public Guid EventId { get; set; }
    public string Relation { get; set; } = "";
}

public static class EventStatuses
{
    public const string Reported = "reported";
    public const string Confirmed = "confirmed";
    public const string Disputed = "disputed";
    public const string Retracted = "retracted";
    public static readonly string[] All = [Reported, Confirmed, Disputed, Retracted];
}

public static class Relations
{
    /// <summary>Set by <c>duplicate-of</c> on both events: the retracted duplicate and the one kept.</summary>
    public const string Duplicates = "duplicates";
    public static readonly string[] All = ["confirms", "contradicts", "responds-to", "follows", Duplicates];
}

public static class SanctionTypes
{
    public const string Designation = "sanctions.designation";
    public const string Delisting = "sanctions.delisting";
    public static readonly string[] All = [Designation, Delisting];
}
