using System.Globalization;
using System.Text.RegularExpressions;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// EDTF dates written as people write them, as the web page writes them (wwwroot/shared/edtf-words.js): "June 2024",
/// "c. Oct 2024", "Oct 2024?", "14–20 Oct 2024", "before Oct 2024", "after 19 Jun 2024", "2020s".
/// Text that is not EDTF comes back as it is.
/// </summary>
public static partial class EdtfWords
{
    private static readonly string[] Short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Long = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private sealed record Part(string Year, string? Month, string? Day, bool Uncertain, bool Approximate)
    {
        public string Precision => Day is not null && Day != "XX" ? "day" : Month is not null && Month != "XX" ? "month" : "year";

        public bool Plain => !Uncertain && !Approximate && !Year.Contains('X', StringComparison.Ordinal) && Month != "XX" && Day != "XX";
    }

    [GeneratedRegex(@"^(?<y>\d{2}[\dX]{2})(?:-(?<m>\d\d|XX)(?:-(?<d>\d\d|XX))?)?(?<q>[?~%])?$")]
    private static partial Regex DatePattern();

    public static string Of(string text)
    {
        if (!text.Contains('/', StringComparison.Ordinal))
        {
            return ParsePart(text) is { } d ? Single(d, full: d.Precision == "month" && !d.Uncertain && !d.Approximate) : text;
        }

        var ends = text.Split('/');
        if (ends.Length != 2)
        {
            return text;
        }

        var start = ParsePart(ends[0]);
        var end = ParsePart(ends[1]);
        return (start, end) switch
        {
            (null, { } e) => ends[0] == ".." ? $"before {Single(e)}" : $"? – {Single(e)}",
            ({ } s, null) => ends[1] == ".." ? $"after {Single(s)}" : $"{Single(s)} – ?",
            ({ } s, { } e) => Span(s, e),
            _ => text,
        };
    }

    private static Part? ParsePart(string text)
    {
        var m = DatePattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var q = m.Groups["q"].Value;
        return new Part(m.Groups["y"].Value, m.Groups["m"].Success ? m.Groups["m"].Value : null, m.Groups["d"].Success ? m.Groups["d"].Value : null,
            q is "?" or "%", q is "~" or "%");
    }

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    private static string Single(Part d, bool full = false)
    {
        var words = d.Precision switch
        {
            "year" => YearWords(d),
            "month" => d.Day == "XX"
                ? $"a day in {(full ? Long : Short)[Number(d.Month!) - 1]} {d.Year}"
                : $"{(full ? Long : Short)[Number(d.Month!) - 1]} {d.Year}",
            _ => $"{Number(d.Day!)} {Short[Number(d.Month!) - 1]} {d.Year}",
        };
        var plainYear = d.Precision == "year" && d.Month is null && !d.Year.Contains('X', StringComparison.Ordinal);
        if (d.Uncertain && !d.Approximate && plainYear)
        {
            return $"? {words}";
        }

        return $"{(d.Approximate ? "c. " : "")}{words}{(d.Uncertain ? "?" : "")}";
    }

    private static string YearWords(Part d) =>
        d.Year.EndsWith("XX", StringComparison.Ordinal) ? $"{d.Year[..2]}00–{d.Year[..2]}99"
        : d.Year.EndsWith('X') ? $"{d.Year[..3]}0s"
        : d.Month == "XX" ? $"a month in {d.Year}" : d.Year;

    /// <summary>Both ends known: shared parts written once when both ends are plain ("14–20 Oct 2024", "Jun–Oct 2024").</summary>
    private static string Span(Part a, Part b)
    {
        if (a.Plain && b.Plain && a.Precision == b.Precision)
        {
            var sameYear = a.Year == b.Year;
            var sameMonth = sameYear && a.Month == b.Month;
            switch (a.Precision)
            {
                case "year":
                    return sameYear ? a.Year : $"{a.Year}–{b.Year}";
                case "month" when sameYear:
                    return sameMonth ? $"{Short[Number(a.Month!) - 1]} {a.Year}" : $"{Short[Number(a.Month!) - 1]}–{Short[Number(b.Month!) - 1]} {a.Year}";
                case "day" when sameMonth:
                    return a.Day == b.Day ? Single(a) : $"{Number(a.Day!)}–{Number(b.Day!)} {Short[Number(a.Month!) - 1]} {a.Year}";
                case "day" when sameYear:
                    return $"{Number(a.Day!)} {Short[Number(a.Month!) - 1]} – {Number(b.Day!)} {Short[Number(b.Month!) - 1]} {a.Year}";
            }
        }

        return $"{Single(a)} – {Single(b)}";
    }
}
