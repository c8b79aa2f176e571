using Timeline.Core.Changes;
using Timeline.Core.Events;

namespace Timeline.Core.Measures;

/// <summary>A quantity analysts follow, e.g. the DPRK's military personnel in Russia; its figures are claims.</summary>
public sealed class Measure
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>What is counted, e.g. <c>persons</c>, <c>rounds</c>, <c>vetoes</c>.</summary>
    public string Unit { get; set; } = "";

    /// <summary>The actors the measure concerns; <c>claim.recorded</c> alerts are matched by them.</summary>
    public string[] Actors { get; set; } = [];
    public string? Description { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
}

/// <summary>
/// One source's figure for a measure. Claims are not amended: a corrected figure is a new claim, and a claim withdrawn
/// is retracted (its second and last version), kept with the reason.
/// </summary>
public sealed class Claim : IVersioned
{
    public Guid Id { get; set; }
    public string MeasureCode { get; set; } = "";
    public decimal? Value { get; set; }

    /// <summary>One of <see cref="ClaimQualifiers"/>.</summary>
    public string Qualifier { get; set; } = "";
    public decimal? Low { get; set; }
    public decimal? High { get; set; }

    /// <summary>EDTF: when the figure held.</summary>
    public string AsOf { get; set; } = "";

    /// <summary>EDTF: the span the figure counts over, when it is not a stock.</summary>
    public string? Period { get; set; }

    /// <summary>The first day <see cref="AsOf"/> allows, for ordering.</summary>
    public DateOnly? AsOfEarliest { get; set; }

    /// <summary>The last day <see cref="AsOf"/> allows, for ordering.</summary>
    public DateOnly? AsOfLatest { get; set; }
    public Source Source { get; set; } = new();

    /// <summary>The claim this one repeats or builds on (of the same measure).</summary>
    public Guid? DerivedFrom { get; set; }
    public Guid? EventId { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractionReason { get; set; }
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>How a claim's figure is put: the words analysts and sources use.</summary>
public static class ClaimQualifiers
{
    public const string Exact = "exact";
    public const string About = "about";
    public const string AtLeast = "at-least";
    public const string AtMost = "at-most";
    public const string Range = "range";
    public static readonly string[] All = [Exact, About, AtLeast, AtMost, Range];
}
