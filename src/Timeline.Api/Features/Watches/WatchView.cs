using System.Xml;
using FluentValidation;
using Timeline.Core.Events;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Watches;

/// <summary>A watch as the API answers it.</summary>
public sealed record WatchView(Guid Id, string Name, string Url, string Every, string[] Include, string[] Exclude, string? Reliability,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastCheckedAt, string? LastStatus, DateTimeOffset NextCheckAt, int Failures);

public static class WatchViews
{
    public static WatchView ToView(this Watch w) => new(w.Id, w.Name, w.Url, w.Every, w.Include, w.Exclude, w.Reliability, w.CreatedAt, w.CreatedBy,
        w.LastCheckedAt, w.LastStatus, w.NextCheckAt, w.Failures);
}

/// <summary>A watch's writable members, as a client sends them to create it or as an amendment leaves them.</summary>
public record WatchFields
{
    public string? Name { get; init; }
    public string? Url { get; init; }

    /// <summary>How often to check: an ISO 8601 duration of at least a minute, e.g. <c>PT15M</c>, <c>PT1H</c>, <c>P1D</c>.</summary>
    public string? Every { get; init; }

    /// <summary>Words or phrases an item's title or text must contain one of (case-insensitive); empty: every item.</summary>
    public string[]? Include { get; init; }

    /// <summary>Words or phrases that leave an item out.</summary>
    public string[]? Exclude { get; init; }

    /// <summary>The Admiralty grade (A–F) of the source, given to a lead's source when it is recorded.</summary>
    public string? Reliability { get; init; }

    /// <summary>The duration in seconds, or null when it is not an ISO 8601 duration.</summary>
    public static int? Seconds(string? every)
    {
        if (string.IsNullOrWhiteSpace(every) || !every.StartsWith('P'))
        {
            return null;
        }

        try
        {
            var span = XmlConvert.ToTimeSpan(every.Trim());
            return span.TotalSeconds is > 0 and <= int.MaxValue ? (int)span.TotalSeconds : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>What every created or amended watch must satisfy.</summary>
public abstract class WatchRules<T> : AbstractValidator<T> where T : WatchFields
{
    public const int MaxWords = 50;

    protected WatchRules()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("a watch needs a name").MaximumLength(200);
        RuleFor(x => x.Url).NotEmpty().WithMessage("a watch needs the URL of its source").MaximumLength(2_000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            .WithMessage("'{PropertyValue}' is not an absolute http or https URL");
        RuleFor(x => x.Every).NotEmpty().WithMessage("every is required: an ISO 8601 duration, e.g. PT15M")
            .Must(e => WatchFields.Seconds(e) is not null).WithMessage("'{PropertyValue}' is not an ISO 8601 duration (e.g. PT15M, PT1H, P1D)")
            .Must(e => WatchFields.Seconds(e) is not { } s || s >= 60).WithMessage("a watch is checked at most once a minute (every is at least PT1M)");
        RuleFor(x => x.Include).Must(w => w!.Length <= MaxWords).When(x => x.Include is not null).WithMessage($"at most {MaxWords} words or phrases");
        RuleFor(x => x.Exclude).Must(w => w!.Length <= MaxWords).When(x => x.Exclude is not null).WithMessage($"at most {MaxWords} words or phrases");
        RuleForEach(x => x.Include).NotEmpty().WithMessage("an empty word matches everything; leave it out").MaximumLength(200);
        RuleForEach(x => x.Exclude).NotEmpty().WithMessage("an empty word matches everything; leave it out").MaximumLength(200);
        RuleFor(x => x.Reliability).Must(r => r is null || Admiralty.Reliabilities.Contains(r))
            .WithMessage("reliability is a grade from A (completely reliable) to F (cannot be judged)");
    }
}
