using FluentValidation;
using Timeline.Api.Features.Events;
using Timeline.Core.Actors;
using Timeline.Core.Dates;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Timelines;

/// <summary>The rules of a filter, wherever one is given: the query string, a saved timeline, a subscription.</summary>
public class TimelineFilterRules<T> : AbstractValidator<T> where T : TimelineFilter
{
    /// <summary>Values one list of a filter may hold, as an event's lists: a filter is matched against every change.</summary>
    public const int MaxItems = EventRules<EventFields>.MaxItems;

    public TimelineFilterRules()
    {
        Capped(x => x.Actor, "actor");
        Capped(x => x.Type, "type");
        Capped(x => x.Tag, "tag");
        Capped(x => x.Status, "status");
        Capped(x => x.Authority, "authority");
        Capped(x => x.Program, "program");
        Capped(x => x.Reliability, "reliability");
        Capped(x => x.Credibility, "credibility");
        RuleForEach(x => x.Actor).Must(a => a is not null && (System.Text.RegularExpressions.Regex.IsMatch(a, EventRules<EventFields>.ActorPattern)
                || (IdentifierSchemes.TrySplit(a, out var scheme, out var value) && IdentifierSchemes.TryNormalize(scheme, value, out _, out _))))
            .WithMessage($"'{{PropertyValue}}' is not an actor code nor an identifier as scheme:value (schemes: {string.Join(", ", IdentifierSchemes.All)})");
        RuleFor(x => x.ActorsOf).MaximumLength(100).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("actorsOf is a saved timeline's slug");
        RuleFor(x => x.ActorsOf).Null().When(x => x.Actor is { Length: > 0 }).WithMessage("give actor or actorsOf, not both");
        RuleForEach(x => x.Authority).NotEmpty().MaximumLength(200);
        RuleForEach(x => x.Program).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Reliability).Must(r => TimelineFilter.Grades(r).All(Admiralty.Reliabilities.Contains))
            .WithMessage("reliability grades are A to F, e.g. A,B");
        RuleFor(x => x.Credibility).Must(c => TimelineFilter.Grades(c).All(g => g.Length == 1 && g[0] is >= '1' and <= '6'))
            .WithMessage("credibility grades are 1 to 6, e.g. 1,2");
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
        RuleFor(x => x.Bbox).Custom((text, context) =>
        {
            if (text is null)
            {
                return;
            }

            var problem = TimelineFilter.Numbers(text, 4) is [var minLon, var minLat, var maxLon, var maxLat]
                ? TimelineFilter.BoxProblem(minLon, minLat, maxLon, maxLat)
                : "bbox is minLon,minLat,maxLon,maxLat in degrees, e.g. 131,42,133,44";
            if (problem is not null)
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(x => x.Near).Custom((text, context) =>
        {
            if (text is null)
            {
                return;
            }

            var problem = TimelineFilter.Numbers(text, 3) is [var lon, var lat, var km]
                ? TimelineFilter.NearProblem(lon, lat, km)
                : "near is lon,lat,km, e.g. 131.886,43.115,50";
            if (problem is not null)
            {
                context.AddFailure(problem);
            }
        });
        RuleFor(x => x.Near).Null().When(x => x.Bbox is not null).WithMessage("give bbox or near, not both");
        RuleFor(x => x.PlaceMatch).Must(m => m is null or "overlaps" or "within").WithMessage("placeMatch must be overlaps or within");
    }

    private void Capped(System.Linq.Expressions.Expression<Func<T, string[]?>> list, string name) =>
        RuleFor(list).Must(values => values is null || values.Length <= MaxItems).WithMessage($"at most {MaxItems} values of {name}");

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
