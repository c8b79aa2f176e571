using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Actors;
using Timeline.Core.Data;
using Timeline.Core.Dates;
using Timeline.Core.Events;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Events;

/// <summary>An event's writable members, as a client sends them to record it or as an amendment leaves them.</summary>
public record EventFields
{
    public string? Title { get; init; }
    public string? Summary { get; init; }

    /// <summary>When it happened, in EDTF: as precise as the source allows and no more.</summary>
    public string? Occurred { get; init; }
    public string? Type { get; init; }

    /// <summary><c>reported</c> (the default), <c>confirmed</c> or <c>disputed</c>; retraction has its own endpoint.</summary>
    public string? Status { get; init; }
    public List<string>? Actors { get; init; }
    public List<string>? Tags { get; init; }
    public List<SourceFields>? Sources { get; init; }
    public List<RelatedFields>? Related { get; init; }

    /// <summary>How much to believe it now (Admiralty): 1 confirmed by other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.</summary>
    public int? Credibility { get; init; }

    /// <summary>The designation or delisting, on a <c>sanctions.designation</c> or <c>sanctions.delisting</c> event only.</summary>
    public SanctionFields? Sanction { get; init; }

    /// <summary>Where it happened: recorded places, each with its role and as precisely as the source says.</summary>
    public List<EventPlaceFields>? Places { get; init; }

    public static EventFields Of(EventState e) => new()
    {
        Title = e.Title,
        Summary = e.Summary,
        Occurred = e.Occurred,
        Type = e.Type,
        Status = e.Status,
        Actors = [.. e.Actors],
        Tags = [.. e.Tags],
        Sources = [.. e.Sources.Select(s => new SourceFields { Url = s.Url, Title = s.Title, Publisher = s.Publisher, Published = s.Published, Quote = s.Quote, Reliability = s.Reliability })],
        Related = [.. e.Related.Select(r => new RelatedFields { EventId = r.EventId, Relation = r.Relation })],
        Credibility = e.Credibility,
        Sanction = e.Sanction is not { } s ? null : new SanctionFields
        {
            Authority = s.Authority, Program = s.Program, Reference = s.Reference, Listed = s.Listed, Ends = s.Ends, Measures = [.. s.Measures], Reason = s.Reason,
        },
        Places = [.. (e.Places ?? []).Select(p => new EventPlaceFields { Place = p.Place, Role = p.Role, Precision = p.Precision, UncertaintyKm = p.UncertaintyKm })],
    };

    /// <summary>
    /// A new event from validated fields, at version 1, recorded and last updated by the same key at the same instant:
    /// the one way an event comes to be, whether recorded alone or imported with many others.
    /// </summary>
    public Event NewEvent(string recordedBy, DateTimeOffset now, string? externalId = null)
    {
        var e = new Event
        {
            EventId = Guid.CreateVersion7(now),
            RecordedAt = now,
            RecordedBy = recordedBy,
            UpdatedAt = now,
            UpdatedBy = recordedBy,
            Version = 1,
            ExternalId = externalId,
        };
        ApplyTo(e);
        return e;
    }

    /// <summary>Writes validated fields onto an event's state.</summary>
    public void ApplyTo(EventState e)
    {
        var date = EdtfDate.Parse(Occurred!);
        e.Title = Title!.Trim();
        e.Summary = Summary?.Trim() ?? "";
        e.Occurred = date.Text;
        e.Earliest = date.Earliest ?? DateOnly.MinValue;
        e.Latest = date.Latest ?? DateOnly.MaxValue;
        e.Precision = date.Precision.ToString().ToLowerInvariant();
        e.Uncertain = date.Uncertain;
        e.Approximate = date.Approximate;
        e.Type = Type!;
        e.Status = Status ?? EventStatuses.Reported;
        e.Actors = [.. (Actors ?? []).Distinct()];
        e.Tags = [.. (Tags ?? []).Select(t => t.ToLowerInvariant()).Distinct()];
        e.Sources = [.. (Sources ?? []).Select(s => new Source { Url = s.Url!, Title = s.Title!.Trim(), Publisher = s.Publisher, Published = s.Published, Quote = s.Quote, Reliability = s.Reliability })];
        e.Related = [.. (Related ?? []).Select(r => new RelatedEvent { EventId = r.EventId!.Value, Relation = r.Relation! })];
        e.SourceTitles = string.Join(" \n ", e.Sources.Select(s => s.Title));
        e.SourceReliabilities = [.. e.Sources.Select(s => s.Reliability).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        e.Credibility = Credibility;
        e.Sanction = Sanction is not { } s ? null : new Sanction
        {
            Authority = s.Authority!.Trim(),
            Program = s.Program?.Trim(),
            Reference = s.Reference?.Trim(),
            Listed = s.Listed is null ? null : EdtfDate.Parse(s.Listed).Text,
            Ends = s.Ends is null ? null : EdtfDate.Parse(s.Ends).Text,
            Measures = [.. (s.Measures ?? []).Select(m => m.Trim()).Distinct()],
            Reason = s.Reason?.Trim(),
        };
        // The footprint the place filters compare needs the places' shapes: the writer sets it (EventFootprints).
        e.Places = [.. (Places ?? []).Select(p => new EventPlace { Place = p.Place!, Role = p.Role ?? "site", Precision = p.Precision!, UncertaintyKm = p.UncertaintyKm })];
    }
}

/// <summary>One place of an event as a client sends it.</summary>
public sealed record EventPlaceFields
{
    /// <summary>A recorded place's code (<c>vladivostok</c>).</summary>
    public string? Place { get; init; }

    /// <summary><c>site</c> (the default), <c>origin</c>, <c>destination</c> or <c>route</c>.</summary>
    public string? Role { get; init; }

    /// <summary><c>exact</c>, <c>near</c>, <c>city</c>, <c>region</c> or <c>country</c>: as precisely as the source says.</summary>
    public string? Precision { get; init; }

    /// <summary>How far from the place's point it may have been, in kilometres.</summary>
    public double? UncertaintyKm { get; init; }
}

public sealed record SourceFields
{
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Publisher { get; init; }
    public DateOnly? Published { get; init; }
    public string? Quote { get; init; }

    /// <summary>How reliable the source is (Admiralty): A completely, B usually, C fairly, D not usually, E unreliable, F cannot be judged.</summary>
    public string? Reliability { get; init; }
}

/// <summary>A designation as its authority lists it.</summary>
public sealed record SanctionFields
{
    /// <summary>Who designates, e.g. <c>US OFAC</c>, <c>UN Security Council 1718 Committee</c>, <c>EU Council</c>.</summary>
    public string? Authority { get; init; }

    /// <summary>The authority's programme, e.g. <c>DPRK3</c>, <c>RUSSIA-EO14024</c>.</summary>
    public string? Program { get; init; }

    /// <summary>The authority's own reference for the listing.</summary>
    public string? Reference { get; init; }

    /// <summary>When listed, in EDTF.</summary>
    public string? Listed { get; init; }

    /// <summary>When the listing ends or ended, in EDTF.</summary>
    public string? Ends { get; init; }

    /// <summary>What it imposes, e.g. <c>asset-freeze</c>, <c>travel-ban</c>, <c>arms-embargo</c>.</summary>
    public List<string>? Measures { get; init; }
    public string? Reason { get; init; }
}

public sealed record RelatedFields
{
    public Guid? EventId { get; init; }
    public string? Relation { get; init; }
}

/// <summary>
/// Actor codes known to exist. Actors are never deleted, so a code once found stays valid and recording an event
/// needs no query for it; a code not seen yet is looked up.
/// </summary>
public sealed class KnownActors
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> codes = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> UnknownAsync(TimelineDbContext db, IReadOnlyCollection<string> wanted, CancellationToken ct)
    {
        var missing = wanted.Where(c => !codes.ContainsKey(c)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var found = await db.Set<Actor>().Where(a => missing.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct);
        foreach (var code in found)
        {
            codes.TryAdd(code, 0);
        }

        return [.. missing.Except(found)];
    }
}

/// <summary>What every recorded or amended event must satisfy.</summary>
public abstract class EventRules<T> : AbstractValidator<T> where T : EventFields
{
    public const string TypePattern = @"^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$";
    public const string ActorPattern = "^[A-Z][A-Z0-9-]{1,63}$";
    public const string TagPattern = "^[a-z0-9][a-z0-9-]*$";

    /// <summary>The most items of any list an event holds (actors, tags, sources, related events, follow-ups it fulfils).</summary>
    public const int MaxItems = 50;

    /// <summary>A place's code: lower-case letters, digits and '-'.</summary>
    public const string PlacePattern = "^[a-z0-9][a-z0-9-]{0,99}$";

    /// <summary>Half the Earth's circumference: no place is less precise than that.</summary>
    public const double MaxUncertaintyKm = 20_000;

    /// <summary>
    /// Built once (a singleton): the rules that look things up take the request's database and the known actors from the
    /// validation context (<see cref="RequestServices"/>). Built per request, as they were while they took the
    /// context in their constructor, these rules were a fifth of the API's CPU for a write (docs/BENCHMARKS.md).
    /// </summary>
    protected EventRules()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("a title is required").MaximumLength(300);
        RuleFor(x => x.Summary).MaximumLength(10_000);
        RuleFor(x => x.Occurred).NotEmpty().WithMessage("a date is required (EDTF, e.g. 2024-10-23, 2024-06, 2024-10~)")
            .MaximumLength(100)
            .Custom((text, context) =>
            {
                if (!string.IsNullOrEmpty(text) && !EdtfDate.TryParse(text, out _, out var error))
                {
                    context.AddFailure(error);
                }
            });
        RuleFor(x => x.Type).NotEmpty().WithMessage("a type is required, e.g. military.deployment").MaximumLength(100)
            .Matches(TypePattern).WithMessage("a type is a dotted lower-case code, e.g. sanctions.designation");
        RuleFor(x => x.Status).Must(s => s is null || s is EventStatuses.Reported or EventStatuses.Confirmed or EventStatuses.Disputed)
            .WithMessage("status must be reported, confirmed or disputed (retract an event through its retraction)");
        RuleFor(x => x.Actors).NotEmpty().WithMessage("at least one actor is required");
        RuleFor(x => x.Actors).Must(a => a!.Count <= 50).When(x => x.Actors is not null).WithMessage("at most 50 actors");
        RuleForEach(x => x.Actors).NotEmpty().Matches(ActorPattern).WithMessage("'{PropertyValue}' is not an actor code (upper case, e.g. KP, UN, NATO)");
        RuleFor(x => x.Actors).CustomAsync(async (codes, context, ct) =>
        {
            var db = RequestServices.Of<TimelineDbContext>(context);
            var actors = RequestServices.Of<KnownActors>(context);
            var wanted = (codes ?? []).Where(c => c is not null && System.Text.RegularExpressions.Regex.IsMatch(c, ActorPattern)).Distinct().ToList();
            var unknown = await actors.UnknownAsync(db, wanted, ct);
            if (unknown.Count > 0)
            {
                context.AddFailure($"unknown actor {(unknown.Count == 1 ? "code" : "codes")}: {string.Join(", ", unknown)} (record {(unknown.Count == 1 ? "it" : "them")} at POST /api/actors first)");
            }
        });
        RuleFor(x => x.Tags).Must(t => t!.Count <= 50).When(x => x.Tags is not null).WithMessage("at most 50 tags");
        RuleForEach(x => x.Tags).NotEmpty().MaximumLength(50).Matches(TagPattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .WithMessage("'{PropertyValue}' is not a tag (letters, digits and '-')");
        RuleFor(x => x.Sources).NotEmpty().WithMessage("at least one source is required");
        RuleFor(x => x.Sources).Must(s => s!.Count <= 50).When(x => x.Sources is not null).WithMessage("at most 50 sources");
        RuleForEach(x => x.Sources).NotNull().ChildRules(source =>
        {
            source.RuleFor(s => s.Url).NotEmpty().WithMessage("a source needs a URL").MaximumLength(2_000)
                .Must(BeAWebAddress).WithMessage("'{PropertyValue}' is not an absolute http or https URL");
            source.RuleFor(s => s.Title).NotEmpty().WithMessage("a source needs a title").MaximumLength(500);
            source.RuleFor(s => s.Publisher).MaximumLength(200);
            source.RuleFor(s => s.Quote).MaximumLength(2_000);
            source.RuleFor(s => s.Reliability).Must(r => r is null || Admiralty.Reliabilities.Contains(r))
                .WithMessage("reliability is a grade from A (completely reliable) to F (cannot be judged)");
        });
        RuleFor(x => x.Credibility).InclusiveBetween(Admiralty.MostCredible, Admiralty.LeastCredible)
            .WithMessage("credibility is a grade from 1 (confirmed by other sources) to 6 (cannot be judged)");
        RuleFor(x => x.Sanction).Must((e, _) => SanctionTypes.All.Contains(e.Type)).When(x => x.Sanction is not null)
            .WithMessage($"a sanction is recorded on a {string.Join(" or ", SanctionTypes.All)} event only");
        RuleFor(x => x.Sanction!).ChildRules(sanction =>
        {
            sanction.RuleFor(s => s.Authority).NotEmpty().WithMessage("a sanction needs its authority, e.g. US OFAC").MaximumLength(200);
            sanction.RuleFor(s => s.Program).MaximumLength(100);
            sanction.RuleFor(s => s.Reference).MaximumLength(200);
            sanction.RuleFor(s => s.Listed).MaximumLength(100).Custom(CheckEdtf);
            sanction.RuleFor(s => s.Ends).MaximumLength(100).Custom(CheckEdtf);
            sanction.RuleFor(s => s.Measures).Must(m => m!.Count <= 20).When(s => s.Measures is not null).WithMessage("at most 20 measures");
            sanction.RuleForEach(s => s.Measures).NotEmpty().MaximumLength(100);
            sanction.RuleFor(s => s.Reason).MaximumLength(2_000);
        }).When(x => x.Sanction is not null);
        RuleFor(x => x.Places).Must(p => p!.Count <= MaxItems).When(x => x.Places is not null).WithMessage($"at most {MaxItems} places");
        RuleForEach(x => x.Places).NotNull().ChildRules(place =>
        {
            place.RuleFor(p => p.Place).NotEmpty().WithMessage("a place needs its code, e.g. vladivostok")
                .Matches(PlacePattern).WithMessage("'{PropertyValue}' is not a place code (lower case, e.g. vladivostok)");
            place.RuleFor(p => p.Role).Must(r => r is null || PlaceWords.Roles.Contains(r))
                .WithMessage($"role must be one of {string.Join(", ", PlaceWords.Roles)}");
            place.RuleFor(p => p.Precision).NotEmpty().WithMessage($"say how precisely the source places it: {string.Join(", ", PlaceWords.Precisions)}")
                .Must(p => p is null || PlaceWords.Precisions.Contains(p)).WithMessage($"precision must be one of {string.Join(", ", PlaceWords.Precisions)}");
            place.RuleFor(p => p.UncertaintyKm).Must(km => km is null || (double.IsFinite(km.Value) && km > 0 && km <= MaxUncertaintyKm))
                .WithMessage($"uncertaintyKm is a distance in kilometres, more than 0 and at most {MaxUncertaintyKm:0}");
        });
        RuleFor(x => x.Places).CustomAsync(async (places, context, ct) =>
        {
            var codes = (places ?? []).Where(p => p?.Place is not null && System.Text.RegularExpressions.Regex.IsMatch(p.Place, PlacePattern))
                .Select(p => p.Place!).Distinct().ToList();
            if (codes.Count == 0 || codes.Count > MaxItems)
            {
                return;
            }

            var db = RequestServices.Of<TimelineDbContext>(context);
            var found = await db.Set<Place>().Where(p => codes.Contains(p.Code)).Select(p => p.Code).ToListAsync(ct);
            var unknown = codes.Except(found).ToList();
            if (unknown.Count > 0)
            {
                context.AddFailure($"unknown {(unknown.Count == 1 ? "place" : "places")}: {string.Join(", ", unknown)} (record {(unknown.Count == 1 ? "it" : "them")} at POST /api/places first)");
            }
        });
        RuleFor(x => x.Related).Must(r => r!.Count <= MaxItems).When(x => x.Related is not null).WithMessage($"at most {MaxItems} related events");
        RuleForEach(x => x.Related).NotNull().ChildRules(related =>
        {
            related.RuleFor(r => r.EventId).NotEmpty().WithMessage("a related event needs its eventId");
            related.RuleFor(r => r.Relation).Must(r => Relations.All.Contains(r))
                .WithMessage($"relation must be one of {string.Join(", ", Relations.All)}");
        });
        RuleFor(x => x.Related).CustomAsync(async (related, context, ct) =>
        {
            if (related is { Count: > MaxItems })
            {
                return; // refused above, without looking up every id
            }

            var ids = (related ?? []).Where(r => r?.EventId is not null).Select(r => r.EventId!.Value).Distinct().ToList();
            if (ids.Count == 0)
            {
                return;
            }

            var db = RequestServices.Of<TimelineDbContext>(context);
            var found = await db.Events.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct);
            var missing = ids.Except(found).ToList();
            if (missing.Count > 0)
            {
                context.AddFailure($"no such event: {string.Join(", ", missing)}");
            }
        });
    }

    private static void CheckEdtf<TItem>(string? text, ValidationContext<TItem> context)
    {
        if (text is not null && !EdtfDate.TryParse(text, out _, out var error))
        {
            context.AddFailure(error);
        }
    }

    private static bool BeAWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
