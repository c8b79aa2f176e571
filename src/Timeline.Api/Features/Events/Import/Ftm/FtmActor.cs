using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Timeline.Api.Features.Actors;
using Timeline.Core.Actors;

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>An actor an FtM entity describes: its code here, names, kind and the identifiers other tools know it by.</summary>
public sealed record FtmActor(int Line, string Id, string Code, string Name, string Kind, string[] Aliases, IReadOnlyDictionary<string, string> Identifiers)
{
    /// <summary>The most aliases an actor keeps; FtM entities from large lists may carry more.</summary>
    public const int MaxAliases = 20;

    /// <summary>
    /// The actor an actor-schema entity describes, or why it cannot be one. Identifiers: the entity's id as
    /// <c>opensanctions</c>, <c>wikidataId</c> as <c>wikidata</c>, a vessel's <c>imoNumber</c> as <c>imo</c>.
    /// </summary>
    public static FtmActor? From(int line, FtmEntity entity, out Dictionary<string, string[]>? errors)
    {
        errors = null;
        var names = entity.Values("name");
        if (names.Count == 0)
        {
            errors = new() { ["properties.name"] = [$"a {entity.Schema} needs a name to become an actor"] };
            return null;
        }

        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal) { ["opensanctions"] = entity.Id! };
        if (entity.First("wikidataId") is { } wikidata && Regex.IsMatch(wikidata, "^Q[1-9][0-9]*$"))
        {
            identifiers["wikidata"] = wikidata;
        }

        if (entity.First("imoNumber") is { } imo && Imo(imo) is { } digits)
        {
            identifiers["imo"] = digits;
        }

        if (!IdentifierSchemes.TryNormalize(IdentifierSchemes.OpenSanctions, entity.Id, out _, out _))
        {
            identifiers.Remove("opensanctions"); // an id OpenSanctions could not have made identifies nothing there
        }

        var aliases = names.Skip(1).Concat(entity.Values("alias")).Concat(entity.Values("previousName"))
            .Where(a => !a.Equals(names[0], StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(MaxAliases).ToArray();
        var actor = new FtmActor(line, entity.Id!, CodeFor(entity.Id!, identifiers), names[0], FtmSchemata.ActorKind(entity.Schema!), aliases, identifiers);
        var failures = Rules.Validate(actor.Fields()).Errors;
        if (failures.Count > 0)
        {
            errors = failures.GroupBy(f => "actor." + JsonProblemsField(f.PropertyName)).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray());
            return null;
        }

        return actor;
    }

    /// <summary>Every name an entity gives: its <c>name</c>s, <c>alias</c>es, <c>weakAlias</c>es and <c>previousName</c>s, each once.</summary>
    public static IReadOnlyList<string> AllNames(FtmEntity entity) => Names(new[] { "name", "alias", "weakAlias", "previousName" }.Select(entity.Values));

    /// <summary>The values of an entity's <c>name</c>, <c>alias</c>, <c>weakAlias</c> and <c>previousName</c>, in that order, as its names: trimmed, blanks and repeats left out.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<IEnumerable<string?>> values) =>
        [.. values.SelectMany(v => v).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The rules every recorded actor passes, names cut to what an actor holds first.</summary>
    private static readonly ImportedActorRules Rules = new();

    private sealed class ImportedActorRules : ActorRules<ActorFields>;

    private static string JsonProblemsField(string property) => Platform.Http.JsonProblems.JsonField(property);

    /// <summary>The actor's writable members, as <c>POST /api/actors</c> would take them.</summary>
    public ActorFields Fields() => new()
    {
        Name = Cut(Name),
        Kind = Kind,
        Aliases = [.. Aliases.Select(Cut)],
        Identifiers = Identifiers.ToDictionary(i => i.Key, i => (string?)i.Value),
    };

    /// <summary>The actor to record, made as recording makes one: version 1, recorded and updated by the import's key.</summary>
    public Actor ToActor(string recordedBy, DateTimeOffset now)
    {
        var actor = new Actor { Code = Code, RecordedAt = now, UpdatedAt = now, UpdatedBy = recordedBy, Version = 1 };
        Fields().ApplyTo(actor);
        return actor;
    }

    private static string Cut(string name) => name.Length <= 200 ? name : name[..199] + "…";

    /// <summary>
    /// A stable code for an entity, the same on every import of it: <c>IMO</c> and the number for a vessel, the Wikidata
    /// id when there is one, the FtM id upper-cased when that is a valid code and loses nothing (an id of mixed case,
    /// as OpenSanctions' <c>NK-2J4mXw</c>, could meet another once upper-cased), else <c>FTM</c> and a hash of the id.
    /// </summary>
    public static string CodeFor(string id, IReadOnlyDictionary<string, string> identifiers)
    {
        var pattern = new Regex(EventRules<EventFields>.ActorPattern);
        var singleCase = !id.Any(char.IsLower) || !id.Any(char.IsUpper);
        foreach (var candidate in new[] { identifiers.GetValueOrDefault("imo") is { } imo ? "IMO" + imo : null, identifiers.GetValueOrDefault("wikidata"), singleCase ? id.ToUpperInvariant() : null })
        {
            if (candidate is not null && pattern.IsMatch(candidate))
            {
                return candidate;
            }
        }

        return "FTM" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];
    }

    /// <summary>The seven digits of an IMO number (<c>IMO 9179842</c> or <c>9179842</c>) whose check digit holds.</summary>
    public static string? Imo(string value)
    {
        var digits = value.StartsWith("IMO", StringComparison.OrdinalIgnoreCase) ? value[3..].Trim() : value.Trim();
        if (digits.Length != 7 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (digits[i] - '0') * (7 - i);
        }

        return sum % 10 == digits[6] - '0' ? digits : null;
    }
}
