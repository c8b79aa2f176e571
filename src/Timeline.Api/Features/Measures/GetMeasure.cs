using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Measures;

/// <summary>A measure with its claims and their summary, now or as they were known at an instant.</summary>
/// <param name="AsOf">An instant (ISO 8601 with an offset, e.g. <c>2024-10-22T00:00:00Z</c>): the claims as recorded and not yet retracted then.</param>
public sealed record GetMeasure(string Code, string? AsOf = null) : IQuery<MeasureWithClaims>
{
    internal DateTimeOffset? At => MeasureAsOf.Parse(AsOf);
}

public sealed class GetMeasureValidator : AbstractValidator<GetMeasure>
{
    public GetMeasureValidator() =>
        RuleFor(x => x.AsOf).Must(MeasureAsOf.IsInstant).When(x => x.AsOf is not null).WithMessage(MeasureAsOf.Message);
}

/// <summary>A measure's <c>asOf</c>: an instant, the claims as they were known then (a measure's page and its answer alike).</summary>
internal static class MeasureAsOf
{
    public const string Message = "asOf is an instant, e.g. 2024-10-22T00:00:00Z: the claims as they were known then";

    public static bool IsInstant(string? asOf) => DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    public static DateTimeOffset? Parse(string? asOf) =>
        asOf is null ? null : DateTimeOffset.Parse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

public sealed class GetMeasureHandler(TimelineDbContext db) : IQueryHandler<GetMeasure, MeasureWithClaims>
{
    public async ValueTask<MeasureWithClaims> Handle(GetMeasure query, CancellationToken cancellationToken)
    {
        var measure = await db.Measures.AsNoTracking().SingleOrDefaultAsync(m => m.Code == query.Code, cancellationToken)
            ?? throw ProblemException.NotFound($"measure {EchoedValue.Cut(query.Code)}");
        var claims = await MeasureClaims.ReadAsync(db, measure.Code, cancellationToken);
        var (current, summary) = ClaimSummary.Of(claims, query.At);
        return new MeasureWithClaims(measure.Code, measure.Name, measure.Unit, measure.Actors, measure.Description, measure.RecordedAt,
            measure.RecordedBy, current, summary);
    }
}

public static class MeasureClaims
{
    /// <summary>
    /// Every claim of a measure, retracted ones included (an <c>asOf</c> read may still count them), with the days its
    /// <c>asOf</c> allows as recorded. Projected column by column (the source's members out of its JSON by PostgreSQL):
    /// EF Core materialising a thousand claims as entities, each with its owned JSON source, was most of a page's CPU.
    /// </summary>
    public static async Task<List<DatedClaim>> ReadAsync(TimelineDbContext db, string measure, CancellationToken ct) =>
        await db.Claims.AsNoTracking().Where(c => c.MeasureCode == measure)
            .Select(c => new DatedClaim(
                new ClaimView(c.Id, c.MeasureCode, c.Value, c.Qualifier, c.Low, c.High, c.AsOf, c.Period,
                    new SourceFields
                    {
                        Url = c.Source.Url, Title = c.Source.Title, Publisher = c.Source.Publisher, Published = c.Source.Published,
                        Quote = c.Source.Quote, Reliability = c.Source.Reliability,
                    },
                    c.DerivedFrom, c.EventId, c.Note, c.RecordedAt, c.RecordedBy, c.RetractedAt == null ? MeasureViews.Current : MeasureViews.Retracted,
                    c.RetractedAt, c.RetractionReason),
                c.AsOfEarliest, c.AsOfLatest))
            .ToListAsync(ct);
}

/// <summary>Every measure, by code.</summary>
public sealed record ListMeasures : IQuery<IReadOnlyList<MeasureView>>;

public sealed class ListMeasuresHandler(TimelineDbContext db) : IQueryHandler<ListMeasures, IReadOnlyList<MeasureView>>
{
    public async ValueTask<IReadOnlyList<MeasureView>> Handle(ListMeasures query, CancellationToken cancellationToken) =>
        [.. (await db.Measures.AsNoTracking().OrderBy(m => m.Code).ToListAsync(cancellationToken)).Select(m => m.ToView())];
}
