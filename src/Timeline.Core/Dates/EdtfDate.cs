using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Timeline.Core.Dates;

/// <summary>
/// A date written in Extended Date/Time Format (Library of Congress EDTF / ISO 8601-2), restricted to
/// levels 0 and 1: <c>YYYY</c>, <c>YYYY-MM</c>, <c>YYYY-MM-DD</c>, a trailing <c>?</c>/<c>~</c>/<c>%</c>
/// qualifier, trailing unspecified digits (<c>X</c>) and <c>start/end</c> intervals with open (<c>..</c>)
/// or unknown (empty) ends. Sanctions events are often reported vaguely ("mid-June", "some time in the
/// 2010s"), so the value keeps the text as written and exposes the range of calendar days it can mean.
/// </summary>
public sealed class EdtfDate : IEquatable<EdtfDate>
{
    private const string OpenEnd = "..";

    private EdtfDate(string text, DateOnly? earliest, DateOnly? latest, EdtfPrecision precision,
        bool uncertain, bool approximate, bool isInterval)
    {
        Text = text;
        Earliest = earliest;
        Latest = latest;
        Precision = precision;
        Uncertain = uncertain;
        Approximate = approximate;
        IsInterval = isInterval;
    }

    /// <summary>Normalised text: trimmed, lower-case <c>x</c> upper-cased; otherwise as written.</summary>
    public string Text { get; }

    /// <summary>First calendar day the date can mean; null for an open (<c>..</c>) or unknown (empty) start.</summary>
    public DateOnly? Earliest { get; }

    /// <summary>Last calendar day the date can mean; null for an open (<c>..</c>) or unknown (empty) end.</summary>
    public DateOnly? Latest { get; }

    /// <summary>Finest fully specified component; for an interval, the coarser of its known ends.</summary>
    public EdtfPrecision Precision { get; }

    /// <summary><c>?</c> or <c>%</c> on the date or on either interval end.</summary>
    public bool Uncertain { get; }

    /// <summary><c>~</c> or <c>%</c> on the date or on either interval end.</summary>
    public bool Approximate { get; }

    public bool IsInterval { get; }

    /// <summary>The longest text read as a date.</summary>
    public const int MaxLength = 100;

    public static EdtfDate Parse(string text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out EdtfDate? date, [NotNullWhen(false)] out string? error)
    {
        date = null;
        error = Validate(text, out var result);
        if (error is not null)
        {
            return false;
        }
        date = result!;
        return true;
    }

    public override string ToString() => Text;

    // The value is fully determined by its normalised text, so text equality is value equality.
    public bool Equals(EdtfDate? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as EdtfDate);

    public override int GetHashCode() => string.GetHashCode(Text, StringComparison.Ordinal);

    public static bool operator ==(EdtfDate? left, EdtfDate? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(EdtfDate? left, EdtfDate? right) => !(left == right);

    /// <summary>One parsed calendar date (not an interval): its day range, precision and qualifier.</summary>
    private readonly record struct Single(DateOnly Earliest, DateOnly Latest, EdtfPrecision Precision, bool Uncertain, bool Approximate);

    /// <returns>null and the parsed value, or the reason the text was rejected.</returns>
    private static string? Validate(string? raw, out EdtfDate? result)
    {
        result = null;
        var text = (raw ?? "").Trim().Replace('x', 'X');
        if (text.Length == 0)
        {
            return "a date is required";
        }

        // The reasons below quote the text; no EDTF date of levels 0 and 1 comes near this length.
        if (text.Length > MaxLength)
        {
            return $"an EDTF date is at most {MaxLength} characters";
        }

        // Whole-text checks first: these features span '/' and would otherwise produce confusing messages.
        if (text.IndexOfAny(['{', '}', '[', ']']) >= 0)
        {
            return $"sets of dates ('{{...}}' or '[...]') are EDTF level 2, which is not supported";
        }
        if (text.Contains(':'))
        {
            return "times of day are not supported; give a calendar date";
        }
        if (text.Any(char.IsWhiteSpace))
        {
            return $"whitespace inside a date is not allowed ('{text}')";
        }

        var parts = text.Split('/');
        if (parts.Length > 2)
        {
            return $"only one '/' is allowed; an interval is written start/end ('{text}')";
        }

        if (parts.Length == 1)
        {
            var singleError = ParseSingle(text, out var single);
            if (singleError is not null)
            {
                return singleError;
            }
            result = new EdtfDate(text, single.Earliest, single.Latest, single.Precision, single.Uncertain, single.Approximate, isInterval: false);
            return null;
        }

        var startError = ParseEnd(parts[0], "interval start", out var start);
        if (startError is not null)
        {
            return startError;
        }
        var endError = ParseEnd(parts[1], "interval end", out var end);
        if (endError is not null)
        {
            return endError;
        }
        if (start is null && end is null)
        {
            return $"at least one end of an interval must be a date ('{text}')";
        }
        // An end with unspecified digits makes the interval level 2, whose ends qualify a month or a day, not a year alone:
        // edtf.js, the reference, refuses '201X/2025~' and '2023%/2025-06-XX'.
        if ((parts[0].Contains('X') && IsQualifiedYear(parts[1])) || (parts[1].Contains('X') && IsQualifiedYear(parts[0])))
        {
            return $"an interval with unspecified digits (X) at one end cannot qualify a year alone at the other ('{text}'); qualify its month or day";
        }
        if (start is { } s && end is { } e && s.Earliest > e.Latest)
        {
            return $"the interval starts ({parts[0]}) after it ends ({parts[1]})";
        }

        // Coarser of the known ends: an interval is only as precise as its vaguest end.
        var precision = (EdtfPrecision)Math.Max((int)(start?.Precision ?? EdtfPrecision.Day), (int)(end?.Precision ?? EdtfPrecision.Day));
        result = new EdtfDate(text, start?.Earliest, end?.Latest, precision,
            uncertain: start?.Uncertain == true || end?.Uncertain == true,
            approximate: start?.Approximate == true || end?.Approximate == true,
            isInterval: true);
        return null;
    }

    /// <summary>An interval end: a date, or null for an open ("..") or unknown ("") end.</summary>
    private static string? ParseEnd(string part, string which, out Single? value)
    {
        value = null;
        if (part.Length == 0 || part == OpenEnd)
        {
            return null;
        }
        var error = ParseSingle(part, out var single);
        if (error is not null)
        {
            return $"{which}: {error}";
        }
        value = single;
        return null;
    }

    private static bool IsQualifier(char c) => c is '?' or '~' or '%';

    private static bool IsQualifiedYear(string end) => end.Length == 5 && IsQualifier(end[4]);

    private static bool IsDigitOrX(char c) => c is (>= '0' and <= '9') or 'X';

    /// <summary>Parses YYYY[-MM[-DD]] with optional trailing X digits and one trailing qualifier.</summary>
    private static string? ParseSingle(string s, out Single value)
    {
        value = default;

        if (s.Contains(OpenEnd, StringComparison.Ordinal))
        {
            return "'..' means an open interval end and must stand alone on one side of '/', as in '../2024'";
        }

        // Level 1 allows a qualifier only on the whole date, i.e. as its very last character.
        var body = s;
        var qualifier = s[^1];
        if (IsQualifier(qualifier))
        {
            body = s[..^1];
        }
        else
        {
            qualifier = '\0';
        }
        if (body.All(IsQualifier))
        {
            return $"a qualifier ('?', '~' or '%') must follow a date ('{s}')";
        }
        var q = body.IndexOfAny(['?', '~', '%']);
        if (q >= 0)
        {
            return body[q..].All(IsQualifier)
                ? $"only one qualifier may end a date ('{s}'); use '%' for uncertain and approximate together"
                : $"a qualifier before or inside a date ('{s}') is EDTF level 2, which is not supported";
        }

        if (body[0] == '-')
        {
            return $"negative years are not supported ('{s}')";
        }
        if (body[0] is 'Y' or 'y')
        {
            return body.Contains('E') || body.Contains('S')
                ? $"exponent and significant-digit years ('{s}') are EDTF level 2, which is not supported"
                : $"years must have exactly four digits; 'Y'-prefixed years ('{s}') are not supported";
        }

        // Early EDTF drafts used 'u' for unspecified digits; point people at the current spelling.
        if (body.Contains('u') && body.All(c => IsDigitOrX(c) || c is '-' or 'u'))
        {
            return $"use X for unspecified digits, not 'u' ('{s}')";
        }

        var i = 0;
        var year = ReadRun(body, ref i);
        if (i < body.Length && body[i] is 'E' or 'S')
        {
            return $"exponent and significant-digit years ('{s}') are EDTF level 2, which is not supported";
        }
        if (year.Length == 0)
        {
            return $"'{s}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD";
        }
        if (year.Length != 4)
        {
            return $"years must have exactly four digits, not '{year}'";
        }
        var firstX = year.IndexOf('X');
        if (firstX >= 0)
        {
            if (year[firstX..].Any(c => c != 'X'))
            {
                return $"unspecified digits (X) must be the rightmost digits of a year ('{year}'); anything else is EDTF level 2, which is not supported";
            }
            if (firstX < 2)
            {
                return $"at most the last two digits of a year may be X ('{year}'); more is EDTF level 2, which is not supported";
            }
        }
        if (year == "0000")
        {
            return "year 0000 is not supported";
        }
        var yearHasX = firstX >= 0;

        string? month = null;
        string? day = null;
        if (i < body.Length && body[i] == '-')
        {
            i++;
            month = ReadRun(body, ref i);
            var monthError = CheckMonth(body, i, year, month, yearHasX);
            if (monthError is not null)
            {
                return monthError;
            }
        }
        if (month is not null && i < body.Length && body[i] == '-')
        {
            i++;
            day = ReadRun(body, ref i);
            var dayError = CheckDay(body, i, year, month, day, yearHasX || month == "XX");
            if (dayError is not null)
            {
                return dayError;
            }
        }
        if (i < body.Length)
        {
            return Trailing(body, i, day is not null);
        }

        // Level 1 qualifies a fully specified date only: edtf.js, the reference, refuses '2024-06-XX~' and '20XX?' alike.
        if (qualifier != '\0' && body.Contains('X'))
        {
            return $"a qualifier ('?', '~' or '%') cannot follow unspecified digits (X) ('{s}'); qualify a fully specified date, or use X alone";
        }

        value = Bounds(year, month, day) with
        {
            Uncertain = qualifier is '?' or '%',
            Approximate = qualifier is '~' or '%',
        };
        return null;
    }

    private static string ReadRun(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && IsDigitOrX(s[i]))
        {
            i++;
        }
        return s[start..i];
    }

    private static string? CheckMonth(string body, int i, string year, string month, bool leftHasX)
    {
        if (month.Length == 0)
        {
            return i < body.Length
                ? $"expected a two-digit month after '{year}-', not '{body[i..]}'"
                : $"a month is missing after '{year}-'";
        }
        if (month.Length != 2)
        {
            return $"month must be 01–12 written with two digits, not '{month}'";
        }
        if (month.Contains('X') && month != "XX")
        {
            return $"a month must be two digits or XX, not '{month}'; a partly unspecified month is EDTF level 2, which is not supported";
        }
        if (leftHasX && month != "XX")
        {
            return $"once a part of a date has X, everything after it must be X too ('{year}-{month}'); anything else is EDTF level 2, which is not supported";
        }
        if (month == "XX")
        {
            return null;
        }
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        if (m is >= 21 and <= 41)
        {
            return $"seasons (month 21–41) are not supported ('{year}-{month}')";
        }
        return m is >= 1 and <= 12 ? null : $"month must be 01–12, not '{month}'";
    }

    private static string? CheckDay(string body, int i, string year, string month, string day, bool leftHasX)
    {
        if (day.Length == 0)
        {
            return i < body.Length
                ? $"expected a two-digit day after '{year}-{month}-', not '{body[i..]}'"
                : $"a day is missing after '{year}-{month}-'";
        }
        if (day.Length != 2)
        {
            return $"day must be written with two digits, not '{day}'";
        }
        if (day.Contains('X') && day != "XX")
        {
            return $"a day must be two digits or XX, not '{day}'; a partly unspecified day is EDTF level 2, which is not supported";
        }
        if (leftHasX && day != "XX")
        {
            return $"once a part of a date has X, everything after it must be X too ('{year}-{month}-{day}'); anything else is EDTF level 2, which is not supported";
        }
        if (day == "XX")
        {
            return null;
        }
        // Reaching here means year and month are plain digits (an X to the left forces XX above).
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        var daysInMonth = DateTime.DaysInMonth(int.Parse(year, CultureInfo.InvariantCulture), int.Parse(month, CultureInfo.InvariantCulture));
        return d >= 1 && d <= daysInMonth ? null : $"{year}-{month} has no day {day}";
    }

    /// <summary>Explains what is wrong with the text left over after a well-formed date prefix.</summary>
    private static string Trailing(string body, int i, bool hasDay)
    {
        var prefix = body[..i];
        var rest = body[i..];
        return rest[0] switch
        {
            'T' or 't' => "times of day are not supported; give a calendar date",
            '-' when hasDay => $"a date has at most a year, month and day; unexpected '{rest}' after '{prefix}'",
            _ => $"unexpected '{rest}' after '{prefix}'",
        };
    }

    /// <summary>The day range covered by a well-formed date; X digits widen it to every value they could take.</summary>
    private static Single Bounds(string year, string? month, string? day)
    {
        var firstYear = Math.Max(1, int.Parse(year.Replace('X', '0'), CultureInfo.InvariantCulture)); // 00XX must not reach year 0
        var lastYear = int.Parse(year.Replace('X', '9'), CultureInfo.InvariantCulture);
        if (month is null || month == "XX")
        {
            return new Single(new DateOnly(firstYear, 1, 1), new DateOnly(lastYear, 12, 31), EdtfPrecision.Year, false, false);
        }

        // A numeric month implies a fully specified year.
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        if (day is null || day == "XX")
        {
            return new Single(new DateOnly(firstYear, m, 1), new DateOnly(firstYear, m, DateTime.DaysInMonth(firstYear, m)), EdtfPrecision.Month, false, false);
        }

        var date = new DateOnly(firstYear, m, int.Parse(day, CultureInfo.InvariantCulture));
        return new Single(date, date, EdtfPrecision.Day, false, false);
    }
}
