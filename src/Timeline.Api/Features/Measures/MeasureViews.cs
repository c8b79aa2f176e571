using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Core.Changes;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

public sealed record MeasureView(string Code, string Name, string Unit, string[] Actors, string? Description, DateTimeOffset RecordedAt,
    string RecordedBy);

/// <summary>A claim as its measure's page and the change log show it; <c>status</c> is <c>current</c> or <c>retracted</c>.</summary>
public sealed record ClaimView(Guid Id, string Measure, decimal? Value, string Qualifier, decimal? Low, decimal? High, string AsOf, string? Period,
    SourceFields Source, Guid? DerivedFrom, Guid? EventId, string? Note, DateTimeOffset RecordedAt, string RecordedBy, string Status,
    DateTimeOffset? RetractedAt, string? RetractionReason);

/// <summary>A measure with its claims (oldest <c>asOf</c> first) and what they say together.</summary>
public sealed record MeasureWithClaims(string Code, string Name, string Unit, string[] Actors, string? Description, DateTimeOffset RecordedAt,
    string RecordedBy, IReadOnlyList<ClaimView> Claims, ClaimSummary Summary);

public static class MeasureViews
{
    public const string Current = "current";
    public const string Retracted = "retracted";

    public static MeasureView ToView(this Measure m) => new(m.Code, m.Name, m.Unit, m.Actors, m.Description, m.RecordedAt, m.RecordedBy);

    public static ClaimView ToView(this Claim c) => new(c.Id, c.MeasureCode, c.Value, c.Qualifier, c.Low, c.High, c.AsOf, c.Period,
        new SourceFields
        {
            Url = c.Source.Url, Title = c.Source.Title, Publisher = c.Source.Publisher, Published = c.Source.Published, Quote = c.Source.Quote,
            Reliability = c.Source.Reliability,
        },
        c.DerivedFrom, c.EventId, c.Note, c.RecordedAt, c.RecordedBy, c.RetractedAt is null ? Current : Retracted, c.RetractedAt,
        c.RetractionReason);
}

/// <summary>Measures in history: recorded once, each a change in the log.</summary>
public sealed class MeasureHistory : HistoryOf<Measure, MeasureView>
{
    public static readonly MeasureHistory Kind = new();

    public override string Entity => ChangeEntities.Measure;
    public override string IdOf(Measure record) => record.Code;
    public override DateTimeOffset AtOf(Measure record) => record.RecordedAt;
    public override MeasureView ViewOf(Measure record) => record.ToView();
}

/// <summary>Claims in history: version 1 recorded, version 2 retracted; the change log keeps both.</summary>
public sealed class ClaimHistory : HistoryOf<Claim, ClaimView>
{
    public static readonly ClaimHistory Kind = new();

    public override string Entity => ChangeEntities.Claim;
    public override string IdOf(Claim record) => record.Id.ToString();
    public override ClaimView ViewOf(Claim record) => record.ToView();
}
