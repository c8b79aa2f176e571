using FluentValidation;
using Mediator;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>Record a measure: a quantity analysts follow, which claims then give figures for.</summary>
public sealed record RecordMeasure : ICommand<MeasureView>
{
    /// <summary>Its handle in paths, e.g. <c>dprk-troops-in-russia</c>.</summary>
    public string? Code { get; init; }
    public string? Name { get; init; }

    /// <summary>What is counted, e.g. <c>persons</c>.</summary>
    public string? Unit { get; init; }

    /// <summary>Actor codes the measure concerns (recorded actors).</summary>
    public string[]? Actors { get; init; }
    public string? Description { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string RecordedBy { get; init; } = "";
}

public sealed class RecordMeasureValidator : AbstractValidator<RecordMeasure>
{
    public const string CodePattern = "^[a-z0-9][a-z0-9-]{0,99}$";

    public RecordMeasureValidator(TimelineDbContext db, KnownActors actors)
    {
        RuleFor(x => x.Code).NotEmpty().Matches(CodePattern)
            .WithMessage("a measure's code is 1–100 lower-case letters, digits or '-', e.g. dprk-troops-in-russia");
        RuleFor(x => x.Name).NotEmpty().WithMessage("a measure needs a name").MaximumLength(300);
        RuleFor(x => x.Unit).NotEmpty().WithMessage("a measure needs a unit, e.g. persons").MaximumLength(50);
        RuleFor(x => x.Description).MaximumLength(2_000);
        RuleFor(x => x.Actors).Must(a => a!.Length <= 50).When(x => x.Actors is not null).WithMessage("at most 50 actors");
        RuleForEach(x => x.Actors).NotEmpty().Matches(EventRules<EventFields>.ActorPattern).WithMessage("'{PropertyValue}' is not an actor code");
        RuleFor(x => x.Actors).CustomAsync(async (codes, context, ct) =>
        {
            var wanted = (codes ?? []).Where(c => c is not null && System.Text.RegularExpressions.Regex.IsMatch(c, EventRules<EventFields>.ActorPattern))
                .Distinct().ToList();
            var unknown = wanted.Count == 0 ? [] : await actors.UnknownAsync(db, wanted, ct);
            if (unknown.Count > 0)
            {
                context.AddFailure($"unknown actor codes: {string.Join(", ", unknown)} (record them at POST /api/actors first)");
            }
        });
    }
}

public sealed class RecordMeasureHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordMeasure, MeasureView>
{
    public async ValueTask<MeasureView> Handle(RecordMeasure command, CancellationToken cancellationToken)
    {
        var measure = new Measure
        {
            Code = command.Code!,
            Name = command.Name!.Trim(),
            Unit = command.Unit!.Trim(),
            Actors = [.. (command.Actors ?? []).Distinct()],
            Description = command.Description?.Trim(),
            RecordedAt = clock.GetUtcNow(),
            RecordedBy = command.RecordedBy,
        };
        var view = await history.RecordAsync(MeasureHistory.Kind, measure, ChangeKinds.MeasureRecorded, cancellationToken);
        await db.SaveNewAsync($"a measure with code {measure.Code} exists", cancellationToken);
        return view;
    }
}
