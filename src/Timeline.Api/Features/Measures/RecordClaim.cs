using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Dates;
using Timeline.Core.Events;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// Record one source's figure for a measure. Claims are not amended: a corrected figure is a new claim. Since a claim
/// may only derive from one recorded before it, <c>derivedFrom</c> can never close a cycle.
/// </summary>
public sealed record RecordClaim : ICommand<ClaimView>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Measure { get; init; } = "";
    public decimal? Value { get; init; }

    /// <summary><c>exact</c>, <c>about</c>, <c>at-least</c>, <c>at-most</c> or <c>range</c> (then <c>low</c> and <c>high</c>).</summary>
    public string? Qualifier { get; init; }
    public decimal? Low { get; init; }
    public decimal? High { get; init; }

    /// <summary>EDTF: when the figure held, e.g. <c>2024-10-23</c>.</summary>
    public string? AsOf { get; init; }

    /// <summary>EDTF: the span the figure counts over, when it is not a stock, e.g. <c>2020/2024</c>.</summary>
    public string? Period { get; init; }
    public SourceFields? Source { get; init; }

    /// <summary>The id of the claim (of the same measure) this one repeats or builds on.</summary>
    public Guid? DerivedFrom { get; init; }
    public Guid? EventId { get; init; }
    public string? Note { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string RecordedBy { get; init; } = "";
}

public sealed class RecordClaimValidator : AbstractValidator<RecordClaim>
{
    public RecordClaimValidator(TimelineDbContext db)
    {
        RuleFor(x => x.Qualifier).NotEmpty().WithMessage($"a qualifier is required: {string.Join(", ", ClaimQualifiers.All)}")
            .Must(q => ClaimQualifiers.All.Contains(q)).WithMessage($"the qualifier is one of {string.Join(", ", ClaimQualifiers.All)}");
        RuleFor(x => x.Value).NotNull().When(x => x.Qualifier != ClaimQualifiers.Range).WithMessage("a value is required (only a range may leave it out)");
        RuleFor(x => x.Low).NotNull().When(x => x.Qualifier == ClaimQualifiers.Range).WithMessage("a range needs low and high");
        RuleFor(x => x.High).NotNull().When(x => x.Qualifier == ClaimQualifiers.Range).WithMessage("a range needs low and high");
        RuleFor(x => x.Low).Must((c, low) => low <= c.Value).When(x => x.Low is not null && x.Value is not null)
            .WithMessage("low must not be above the value");
        RuleFor(x => x.High).Must((c, high) => high >= c.Value).When(x => x.High is not null && x.Value is not null)
            .WithMessage("high must not be below the value");
        RuleFor(x => x.High).Must((c, high) => high >= c.Low).When(x => x.High is not null && x.Low is not null)
            .WithMessage("high must not be below low");
        RuleFor(x => x.AsOf).NotEmpty().WithMessage("asOf is required: the EDTF date the figure held, e.g. 2024-10-23").Custom(CheckEdtf);
        RuleFor(x => x.Period).Custom(CheckEdtf);
        RuleFor(x => x.Note).MaximumLength(2_000);
        RuleFor(x => x.Source).NotNull().WithMessage("a claim needs its source");
        RuleFor(x => x.Source!).SetValidator(new ClaimSourceValidator()).When(x => x.Source is not null);
        RuleFor(x => x.DerivedFrom).CustomAsync(async (from, context, ct) =>
        {
            if (from is null)
            {
                return;
            }

            var measure = await db.Claims.Where(c => c.Id == from).Select(c => c.MeasureCode).SingleOrDefaultAsync(ct);
            if (measure is null)
            {
                context.AddFailure($"no such claim: {from}");
            }
            else if (measure != context.InstanceToValidate.Measure)
            {
                context.AddFailure($"claim {from} is a claim of measure {measure}; a claim derives only from a claim of the same measure");
            }
        });
        RuleFor(x => x.EventId).CustomAsync(async (id, context, ct) =>
        {
            if (id is not null && !await db.Events.AnyAsync(e => e.EventId == id, ct))
            {
                context.AddFailure($"no such event: {id}");
            }
        });
    }

    private static void CheckEdtf(string? text, ValidationContext<RecordClaim> context)
    {
        if (text is not null && !EdtfDate.TryParse(text, out _, out var error))
        {
            context.AddFailure(error);
        }
    }
}

/// <summary>A claim's source, graded like an event's (Admiralty reliability A–F).</summary>
public sealed class ClaimSourceValidator : AbstractValidator<SourceFields>
{
    public ClaimSourceValidator()
    {
        RuleFor(s => s.Url).NotEmpty().WithMessage("a source needs a URL").MaximumLength(2_000)
            .Must(BeAWebAddress).WithMessage("'{PropertyValue}' is not an absolute http or https URL");
        RuleFor(s => s.Title).NotEmpty().WithMessage("a source needs a title").MaximumLength(500);
        RuleFor(s => s.Publisher).MaximumLength(200);
        RuleFor(s => s.Quote).MaximumLength(2_000);
        RuleFor(s => s.Reliability).Must(r => r is null || Admiralty.Reliabilities.Contains(r))
            .WithMessage("reliability is a grade from A (completely reliable) to F (cannot be judged)");
    }

    private static bool BeAWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}

public sealed class RecordClaimHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordClaim, ClaimView>
{
    public async ValueTask<ClaimView> Handle(RecordClaim command, CancellationToken cancellationToken)
    {
        if (!await db.Measures.AnyAsync(m => m.Code == command.Measure, cancellationToken))
        {
            throw ProblemException.NotFound($"measure {EchoedValue.Cut(command.Measure)}");
        }

        var now = clock.GetUtcNow();
        var asOf = EdtfDate.Parse(command.AsOf!);
        var source = command.Source!;
        var claim = new Claim
        {
            Id = Guid.CreateVersion7(now),
            MeasureCode = command.Measure,
            Value = command.Value,
            Qualifier = command.Qualifier!,
            Low = command.Low,
            High = command.High,
            AsOf = asOf.Text,
            AsOfEarliest = asOf.Earliest,
            AsOfLatest = asOf.Latest,
            Period = command.Period,
            Source = new Source
            {
                Url = source.Url!.Trim(), Title = source.Title!.Trim(), Publisher = source.Publisher?.Trim(), Published = source.Published,
                Quote = source.Quote, Reliability = source.Reliability,
            },
            DerivedFrom = command.DerivedFrom,
            EventId = command.EventId,
            Note = command.Note?.Trim(),
            RecordedAt = now,
            RecordedBy = command.RecordedBy,
            Version = 1,
            UpdatedAt = now,
            UpdatedBy = command.RecordedBy,
        };
        var view = await history.RecordAsync(ClaimHistory.Kind, claim, ChangeKinds.ClaimRecorded, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}
