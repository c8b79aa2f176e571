using System.Text.RegularExpressions;
using Timeline.Core.Dates;

namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>
/// FtM dates are ISO 8601 prefixes as precise as the source was (<c>2024</c>, <c>2024-05</c>, <c>2024-05-16</c>, or a
/// full timestamp); they become EDTF with the same precision, a timestamp cut to its day.
/// </summary>
public static partial class FtmDates
{
    [GeneratedRegex(@"^(?<date>\d{4}(-\d{2}(-\d{2})?)?)(T[0-9:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$")]
    private static partial Regex IsoPrefix();

    /// <summary>The EDTF of one FtM date, or why it is not one.</summary>
    public static bool TryEdtf(string value, out string edtf, out string error)
    {
        edtf = "";
        var match = IsoPrefix().Match(value);
        if (!match.Success)
        {
            error = $"'{Platform.Http.EchoedValue.Cut(value)}' is not an FtM date (YYYY, YYYY-MM or YYYY-MM-DD)";
            return false;
        }

        if (!EdtfDate.TryParse(match.Groups["date"].Value, out var date, out var invalid))
        {
            error = invalid ?? "not a date";
            return false;
        }

        error = "";
        edtf = date!.Text;
        return true;
    }

    /// <summary>
    /// A start and an end as one EDTF date: the start alone, an interval when both are given (<c>2024-02/2024-04</c>),
    /// <c>../end</c> with only an end; null with neither.
    /// </summary>
    public static string? Interval(string? start, string? end) => (start, end) switch
    {
        (null, null) => null,
        (_, null) => start,
        (null, _) => "../" + end,
        _ when start == end => start,
        _ => start + "/" + end,
    };
}
