using System.Text.RegularExpressions;

namespace Timeline.Core.Actors;

/// <summary>
/// The identifier schemes an actor can be known by, each with its own rules. <see cref="TryNormalize"/> both checks a
/// value and gives the one form it is stored and compared in, so <c>imo:IMO 9179842</c> and <c>imo:9179842</c> are the same.
/// </summary>
public static partial class IdentifierSchemes
{
    public const string Wikidata = "wikidata";
    public const string OpenSanctions = "opensanctions";
    public const string Imo = "imo";
    public const string Ofac = "ofac";
    public const string Un = "un";
    public const string Iso3166 = "iso3166";

    public static readonly string[] All = [Wikidata, OpenSanctions, Imo, Ofac, Un, Iso3166];

    /// <summary>Checks <paramref name="value"/> by the rules of <paramref name="scheme"/>; on success, its stored form.</summary>
    public static bool TryNormalize(string? scheme, string? value, out string normalized, out string error)
    {
        normalized = "";
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            error = "an identifier needs a value";
            return false;
        }

        switch (scheme)
        {
            case Wikidata:
                normalized = v.ToUpperInvariant();
                return Check(WikidataPattern().IsMatch(normalized), "a Wikidata id is Q and digits, e.g. Q423", out error);
            case OpenSanctions:
                normalized = v;
                return Check(OpenSanctionsPattern().IsMatch(v), "an OpenSanctions id is letters, digits, '.', '_' and '-' (at most 100), e.g. NK-2J4mXw or Q423", out error);
            case Imo:
                normalized = v.StartsWith("IMO", StringComparison.OrdinalIgnoreCase) ? v[3..].TrimStart() : v;
                if (!ImoPattern().IsMatch(normalized))
                {
                    return Check(false, "an IMO number is seven digits, e.g. 9179842", out error);
                }

                return Check(ImoNumber.HasValidCheckDigit(normalized), $"{normalized} is not an IMO number: its check digit is wrong", out error);
            case Ofac:
                normalized = v;
                return Check(OfacPattern().IsMatch(v), "an OFAC SDN uid is a whole number, e.g. 36144", out error);
            case Un:
                normalized = v;
                return Check(UnPattern().IsMatch(v), "a UN sanctions reference is a regime, i (individual) or e (entity), '.' and a number, e.g. KPi.066 or KPe.028", out error);
            case Iso3166:
                normalized = v.ToUpperInvariant();
                return Check(Iso3166Pattern().IsMatch(normalized), "an ISO 3166-1 alpha-2 code is two letters, e.g. KP", out error);
            default:
                error = $"'{scheme}' is not an identifier scheme; the schemes are {string.Join(", ", All)}";
                return false;
        }
    }

    /// <summary>The kind of actor a scheme is restricted to, if any.</summary>
    public static string? OnlyFor(string scheme) => scheme switch
    {
        Imo => "vessel",
        Iso3166 => Actor.State,
        _ => null,
    };

    /// <summary>Splits <c>scheme:value</c>; false when the text is not of that form with a known scheme.</summary>
    public static bool TrySplit(string? text, out string scheme, out string value)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        scheme = colon > 0 ? text![..colon].ToLowerInvariant() : "";
        value = colon > 0 ? text![(colon + 1)..] : "";
        return colon > 0 && All.Contains(scheme);
    }

    private static bool Check(bool ok, string message, out string error)
    {
        error = ok ? "" : message;
        return ok;
    }

    [GeneratedRegex("^Q[1-9][0-9]{0,11}$")]
    private static partial Regex WikidataPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex OpenSanctionsPattern();

    [GeneratedRegex("^[0-9]{7}$")]
    private static partial Regex ImoPattern();

    [GeneratedRegex("^[1-9][0-9]{0,9}$")]
    private static partial Regex OfacPattern();

    [GeneratedRegex("^[A-Z]{2}[ie]\\.[0-9]{3,4}$")]
    private static partial Regex UnPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Iso3166Pattern();
}

/// <summary>A ship's IMO number: six digits and a check digit.</summary>
public static class ImoNumber
{
    /// <summary>The first six digits weighted 7 down to 2 and summed: the sum's last digit is the seventh.</summary>
    public static bool HasValidCheckDigit(string sevenDigits)
    {
        if (sevenDigits.Length != 7 || !sevenDigits.All(char.IsAsciiDigit))
        {
            return false;
        }

        return CheckDigit(sevenDigits[..6]) == sevenDigits[6] - '0';
    }

    public static int CheckDigit(string sixDigits)
    {
        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (sixDigits[i] - '0') * (7 - i);
        }

        return sum % 10;
    }
}
