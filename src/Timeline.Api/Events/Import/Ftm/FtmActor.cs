using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Timeline.Api.Events.Import.Ftm;

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

        var aliases = names.Skip(1).Concat(entity.Values("alias")).Concat(entity.Values("previousName"))
            .Where(a => !a.Equals(names[0], StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(MaxAliases).ToArray();
        return new FtmActor(line, entity.Id!, CodeFor(entity.Id!, identifiers), names[0], FtmSchemata.ActorKind(entity.Schema!), aliases, identifiers);
    }

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
