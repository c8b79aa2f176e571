using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Actors;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>An actor's writable members, as a client sends them to record it or as an amendment leaves them.</summary>
public record ActorFields
{
    public string? Name { get; init; }

    /// <summary><c>state</c>, <c>organisation</c>, <c>person</c>, <c>company</c>, <c>vessel</c> or <c>aircraft</c>.</summary>
    public string? Kind { get; init; }
    public List<string>? Aliases { get; init; }

    /// <summary>
    /// Scheme to identifier: <c>wikidata</c>, <c>opensanctions</c>, <c>imo</c> (vessels), <c>ofac</c>, <c>un</c>,
    /// <c>iso3166</c> (states), e.g. <c>{ "wikidata": "Q423", "un": "KPe.028" }</c>.
    /// </summary>
    public Dictionary<string, string?>? Identifiers { get; init; }

    public static ActorFields Of(Actor a) => new()
    {
        Name = a.Name,
        Kind = a.Kind,
        Aliases = [.. a.Aliases],
        Identifiers = a.Identifiers.ToDictionary(i => i.Scheme, i => (string?)i.Value),
    };

    /// <summary>The identifiers in their stored form; only for fields that passed <see cref="ActorRules{T}"/>.</summary>
    public List<(string Scheme, string Value)> NormalizedIdentifiers(string code)
    {
        var identifiers = new List<(string Scheme, string Value)>();
        foreach (var (scheme, value) in Identifiers ?? [])
        {
            IdentifierSchemes.TryNormalize(scheme, value, out var normalized, out _);
            identifiers.Add((scheme, normalized));
        }

        // A state is always known by its ISO 3166 code, which its code is.
        if (Kind == Actor.State && identifiers.All(i => i.Scheme != IdentifierSchemes.Iso3166) && IsStateCode(code))
        {
            identifiers.Add((IdentifierSchemes.Iso3166, code));
        }

        return identifiers;
    }

    /// <summary>Writes validated fields onto an actor, its identifiers and names included (the actor's collections must be loaded).</summary>
    public void ApplyTo(Actor actor)
    {
        actor.Name = Name!.Trim();
        actor.Kind = Kind!;
        actor.Aliases = [.. (Aliases ?? []).Select(a => a.Trim()).Distinct()];
        actor.SearchNames = string.Join(' ', actor.Aliases);
        actor.KeepNamesInStep();
        var wanted = NormalizedIdentifiers(actor.Code);
        actor.Identifiers.RemoveAll(i => !wanted.Contains((i.Scheme, i.Value)));
        foreach (var (scheme, value) in wanted.Where(w => !actor.Identifiers.Any(i => i.Scheme == w.Scheme && i.Value == w.Value)))
        {
            actor.Identifiers.Add(new ActorIdentifier { Scheme = scheme, Value = value, ActorCode = actor.Code });
        }
    }

    public static bool IsStateCode(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterUpper);

    /// <summary>
    /// Refuses identifiers another actor already has, naming it: one look-up by the identifiers' key. The unique key
    /// still decides between two racing writes (<see cref="SaveAsync"/>).
    /// </summary>
    public static async Task CheckClashesAsync(TimelineDbContext db, string code, List<(string Scheme, string Value)> identifiers, CancellationToken ct)
    {
        var schemes = identifiers.Select(i => i.Scheme).Distinct().ToArray();
        var values = identifiers.Select(i => i.Value).Distinct().ToArray();
        var held = await db.ActorIdentifiers.AsNoTracking()
            .Where(i => schemes.Contains(i.Scheme) && values.Contains(i.Value) && i.ActorCode != code)
            .ToListAsync(ct);
        var clash = held.FirstOrDefault(h => identifiers.Contains((h.Scheme, h.Value)));
        if (clash is not null)
        {
            throw ProblemException.Conflict($"{clash.Scheme}:{clash.Value} is already the identifier of actor {clash.ActorCode}");
        }
    }

    /// <summary>Saves, turning a unique-key violation into the client's 409.</summary>
    public static async Task SaveAsync(TimelineDbContext db, string code, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg)
        {
            throw ProblemException.Conflict(pg.ConstraintName == "pk_actors"
                ? $"actor {code} already exists"
                : "one of these identifiers was given to another actor meanwhile; read the actors again");
        }
    }
}

/// <summary>What every recorded or amended actor must satisfy.</summary>
public abstract class ActorRules<T> : AbstractValidator<T> where T : ActorFields
{
    protected ActorRules()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("a name is required").MaximumLength(200);
        RuleFor(x => x.Kind).Must(k => Actor.Kinds.Contains(k)).WithMessage($"kind must be one of {string.Join(", ", Actor.Kinds)}");
        RuleFor(x => x.Aliases).Must(a => a!.Count <= 20).When(x => x.Aliases is not null).WithMessage("at most 20 aliases");
        RuleForEach(x => x.Aliases).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Identifiers).Custom((identifiers, context) =>
        {
            foreach (var (scheme, value) in identifiers ?? [])
            {
                if (!IdentifierSchemes.TryNormalize(scheme, value, out _, out var error))
                {
                    context.AddFailure($"identifiers.{scheme}", error);
                }
                else if (IdentifierSchemes.OnlyFor(scheme) is { } kind && context.InstanceToValidate.Kind != kind)
                {
                    context.AddFailure($"identifiers.{scheme}", $"a {scheme} identifier is for a {kind} only");
                }
            }
        });
    }
}
