using System.Globalization;
using Timeline.Core.Dates;

namespace Timeline.UnitTests.Dates;

public class EdtfDateTests
{
    private static DateOnly? Day(string? iso) =>
        iso is null ? null : DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Expected bounds worked out by hand from the rules, not from the parser.
    [Theory]
    // Level 0: plain dates.
    [InlineData("2024", "2024-01-01", "2024-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024-06", "2024-06-01", "2024-06-30", EdtfPrecision.Month, false, false)]
    [InlineData("2024-06-19", "2024-06-19", "2024-06-19", EdtfPrecision.Day, false, false)]
    [InlineData("2024-01", "2024-01-01", "2024-01-31", EdtfPrecision.Month, false, false)]
    [InlineData("2024-04", "2024-04-01", "2024-04-30", EdtfPrecision.Month, false, false)]
    [InlineData("2024-12", "2024-12-01", "2024-12-31", EdtfPrecision.Month, false, false)]
    [InlineData("2024-02", "2024-02-01", "2024-02-29", EdtfPrecision.Month, false, false)]
    [InlineData("2023-02", "2023-02-01", "2023-02-28", EdtfPrecision.Month, false, false)]
    [InlineData("1900-02", "1900-02-01", "1900-02-28", EdtfPrecision.Month, false, false)]
    [InlineData("2000-02", "2000-02-01", "2000-02-29", EdtfPrecision.Month, false, false)]
    [InlineData("2024-02-29", "2024-02-29", "2024-02-29", EdtfPrecision.Day, false, false)]
    [InlineData("2000-02-29", "2000-02-29", "2000-02-29", EdtfPrecision.Day, false, false)]
    [InlineData("0001", "0001-01-01", "0001-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("0001-01-01", "0001-01-01", "0001-01-01", EdtfPrecision.Day, false, false)]
    [InlineData("9999", "9999-01-01", "9999-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("9999-12-31", "9999-12-31", "9999-12-31", EdtfPrecision.Day, false, false)]
    // Level 1: qualifiers.
    [InlineData("2024-06~", "2024-06-01", "2024-06-30", EdtfPrecision.Month, false, true)]
    [InlineData("2024-10-23?", "2024-10-23", "2024-10-23", EdtfPrecision.Day, true, false)]
    [InlineData("2024%", "2024-01-01", "2024-12-31", EdtfPrecision.Year, true, true)]
    [InlineData("2024?", "2024-01-01", "2024-12-31", EdtfPrecision.Year, true, false)]
    [InlineData("2024-06-19%", "2024-06-19", "2024-06-19", EdtfPrecision.Day, true, true)]
    // Level 1: unspecified digits.
    [InlineData("202X", "2020-01-01", "2029-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("20XX", "2000-01-01", "2099-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("199X", "1990-01-01", "1999-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("000X", "0001-01-01", "0009-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("00XX", "0001-01-01", "0099-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("999X", "9990-01-01", "9999-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024-XX", "2024-01-01", "2024-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024-06-XX", "2024-06-01", "2024-06-30", EdtfPrecision.Month, false, false)]
    [InlineData("2024-02-XX", "2024-02-01", "2024-02-29", EdtfPrecision.Month, false, false)]
    [InlineData("2024-XX-XX", "2024-01-01", "2024-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("202X-XX", "2020-01-01", "2029-12-31", EdtfPrecision.Year, false, false)]
    public void Accepts_single_dates(string text, string earliest, string latest, EdtfPrecision precision, bool uncertain, bool approximate)
    {
        Assert.True(EdtfDate.TryParse(text, out var date, out var error), error);

        Assert.Equal(text, date.Text);
        Assert.Equal(Day(earliest), date.Earliest);
        Assert.Equal(Day(latest), date.Latest);
        Assert.Equal(precision, date.Precision);
        Assert.Equal(uncertain, date.Uncertain);
        Assert.Equal(approximate, date.Approximate);
        Assert.False(date.IsInterval);
    }

    [Theory]
    [InlineData("2024-10-14/2024-10-20", "2024-10-14", "2024-10-20", EdtfPrecision.Day, false, false)]
    [InlineData("2024-06-19/2024-06-19", "2024-06-19", "2024-06-19", EdtfPrecision.Day, false, false)]
    [InlineData("1999-12-31/2000-01-01", "1999-12-31", "2000-01-01", EdtfPrecision.Day, false, false)]
    [InlineData("../2024-10", null, "2024-10-31", EdtfPrecision.Month, false, false)]
    [InlineData("2024-06-19/..", "2024-06-19", null, EdtfPrecision.Day, false, false)]
    [InlineData("2024-06-19/", "2024-06-19", null, EdtfPrecision.Day, false, false)]
    [InlineData("/2024-06-19", null, "2024-06-19", EdtfPrecision.Day, false, false)]
    [InlineData("../2024", null, "2024-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024-02/..", "2024-02-01", null, EdtfPrecision.Month, false, false)]
    // Precision is the coarser of the known ends.
    [InlineData("2024-06/2025", "2024-06-01", "2025-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024/2024-06-19", "2024-01-01", "2024-06-19", EdtfPrecision.Year, false, false)]
    [InlineData("2024-06-19/2024-07", "2024-06-19", "2024-07-31", EdtfPrecision.Month, false, false)]
    // Qualifiers on either end flag the whole interval.
    [InlineData("2024-06-19?/2024-07~", "2024-06-19", "2024-07-31", EdtfPrecision.Month, true, true)]
    [InlineData("2024-06-19/2024-06-20?", "2024-06-19", "2024-06-20", EdtfPrecision.Day, true, false)]
    [InlineData("2024~/..", "2024-01-01", null, EdtfPrecision.Year, false, true)]
    [InlineData("/2024%", null, "2024-12-31", EdtfPrecision.Year, true, true)]
    // Unspecified ends: only start's earliest must not pass end's latest.
    [InlineData("2025/202X", "2025-01-01", "2029-12-31", EdtfPrecision.Year, false, false)]
    [InlineData("2024-XX/2024-06-XX", "2024-01-01", "2024-06-30", EdtfPrecision.Year, false, false)]
    public void Accepts_intervals(string text, string? earliest, string? latest, EdtfPrecision precision, bool uncertain, bool approximate)
    {
        Assert.True(EdtfDate.TryParse(text, out var date, out var error), error);

        Assert.Equal(text, date.Text);
        Assert.Equal(Day(earliest), date.Earliest);
        Assert.Equal(Day(latest), date.Latest);
        Assert.Equal(precision, date.Precision);
        Assert.Equal(uncertain, date.Uncertain);
        Assert.Equal(approximate, date.Approximate);
        Assert.True(date.IsInterval);
    }

    [Theory]
    [InlineData("  2024-06  ", "2024-06")]
    [InlineData("\t2024\n", "2024")]
    [InlineData("202x", "202X")]
    [InlineData("20xx", "20XX")]
    [InlineData("2024-06-xx", "2024-06-XX")]
    [InlineData(" 202x/2025-06? ", "202X/2025-06?")]
    public void Normalises_text(string input, string expected)
    {
        var date = EdtfDate.Parse(input);

        Assert.Equal(expected, date.Text);
        Assert.Equal(expected, date.ToString());
        Assert.Equal(EdtfDate.Parse(expected), date);
    }

    [Theory]
    [InlineData("", "a date is required")]
    [InlineData("   ", "a date is required")]
    [InlineData("2024-21", "seasons (month 21–41) are not supported")]
    [InlineData("2024-24", "seasons (month 21–41) are not supported")]
    [InlineData("2024-41", "seasons (month 21–41) are not supported")]
    [InlineData("-0100", "negative years are not supported")]
    [InlineData("-2024-06", "negative years are not supported")]
    [InlineData("Y12345", "years must have exactly four digits")]
    [InlineData("Y-170000002", "years must have exactly four digits")]
    [InlineData("12024", "years must have exactly four digits")]
    [InlineData("24", "years must have exactly four digits")]
    [InlineData("20240619", "years must have exactly four digits")]
    [InlineData("0000", "year 0000 is not supported")]
    [InlineData("0000-01-01", "year 0000 is not supported")]
    [InlineData("2024-06-19T10:00", "times of day are not supported; give a calendar date")]
    [InlineData("2024-06-19T10", "times of day are not supported; give a calendar date")]
    [InlineData("2024-06-19 10:00", "times of day are not supported; give a calendar date")]
    [InlineData("{2024,2025}", "EDTF level 2, which is not supported")]
    [InlineData("[2024..2025]", "EDTF level 2, which is not supported")]
    [InlineData("2024-?06", "EDTF level 2, which is not supported")]
    [InlineData("?2024", "EDTF level 2, which is not supported")]
    [InlineData("2024?-06", "EDTF level 2, which is not supported")]
    [InlineData("2024-06~-19", "EDTF level 2, which is not supported")]
    [InlineData("Y17E7", "EDTF level 2, which is not supported")]
    [InlineData("1950S2", "EDTF level 2, which is not supported")]
    [InlineData("2024-13", "month must be 01–12")]
    [InlineData("2024-00", "month must be 01–12")]
    [InlineData("2024-20", "month must be 01–12")]
    [InlineData("2024-42", "month must be 01–12")]
    [InlineData("2024-6", "month must be 01–12")]
    [InlineData("2024-02-30", "2024-02 has no day 30")]
    [InlineData("2023-02-29", "2023-02 has no day 29")]
    [InlineData("1900-02-29", "1900-02 has no day 29")]
    [InlineData("2024-04-31", "2024-04 has no day 31")]
    [InlineData("2024-06-00", "2024-06 has no day 00")]
    [InlineData("2024-06-9", "day must be written with two digits")]
    [InlineData("20X4", "rightmost digits of a year")]
    [InlineData("2XXX", "at most the last two digits of a year may be X")]
    [InlineData("XXXX", "at most the last two digits of a year may be X")]
    [InlineData("2024-0X", "partly unspecified month")]
    [InlineData("2024-06-1X", "partly unspecified day")]
    [InlineData("202X-06", "everything after it must be X too")]
    [InlineData("2024-XX-15", "everything after it must be X too")]
    [InlineData("2024/2025/2026", "only one '/' is allowed")]
    [InlineData("../..", "at least one end of an interval must be a date")]
    [InlineData("/", "at least one end of an interval must be a date")]
    [InlineData("../", "at least one end of an interval must be a date")]
    [InlineData("/..", "at least one end of an interval must be a date")]
    [InlineData("2024-10-20/2024-10-14", "the interval starts (2024-10-20) after it ends (2024-10-14)")]
    [InlineData("2025/2024-XX", "after it ends")]
    [InlineData("2024/2025-13", "interval end: month must be 01–12")]
    [InlineData("2024-02-30/..", "interval start: 2024-02 has no day 30")]
    [InlineData("2024-06-19abc", "unexpected 'abc' after '2024-06-19'")]
    [InlineData("2024-06-19-01", "at most a year, month and day")]
    [InlineData("2024-06-19.", "unexpected '.'")]
    [InlineData("2024 06", "whitespace inside a date is not allowed")]
    [InlineData("2024?~", "only one qualifier")]
    [InlineData("?", "must follow a date")]
    [InlineData("abc", "is not a date")]
    [InlineData("..", "open interval end")]
    [InlineData("2024..2025", "open interval end")]
    [InlineData("..?/2024", "open interval end")]
    [InlineData("201u", "use X for unspecified digits")]
    [InlineData("2024-", "a month is missing")]
    [InlineData("2024-06-", "a day is missing")]
    [InlineData("2024-W25", "expected a two-digit month")]
    // A qualifier on a date with unspecified digits: edtf.js refuses it, at every level.
    [InlineData("2024-06-XX~", "cannot follow unspecified digits")]
    [InlineData("2024-06-XX?", "cannot follow unspecified digits")]
    [InlineData("2024-XX%", "cannot follow unspecified digits")]
    [InlineData("202X~", "cannot follow unspecified digits")]
    [InlineData("20XX?", "cannot follow unspecified digits")]
    [InlineData("2024-XX-XX~", "cannot follow unspecified digits")]
    [InlineData("2024/2024-06-XX?", "interval end: a qualifier ('?', '~' or '%') cannot follow unspecified digits")]
    [InlineData("2024-06-XX~/2025", "interval start: a qualifier ('?', '~' or '%') cannot follow unspecified digits")]
    [InlineData("201X/2025~", "cannot qualify a year alone")]
    [InlineData("2023%/2025-06-XX", "cannot qualify a year alone")]
    public void Rejects_with_reason(string text, string reason)
    {
        Assert.False(EdtfDate.TryParse(text, out var date, out var error));
        Assert.Null(date);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        AssertPlainMessage(error);

        var ex = Assert.Throws<FormatException>(() => EdtfDate.Parse(text));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.False(EdtfDate.TryParse(null, out var date, out var error));
        Assert.Null(date);
        Assert.Equal("a date is required", error);
        Assert.Equal("a date is required", Assert.Throws<FormatException>(() => EdtfDate.Parse(null!)).Message);
    }

    [Fact]
    public void Equality_follows_normalised_text()
    {
        var a = EdtfDate.Parse("2024-06-xx");
        var b = EdtfDate.Parse(" 2024-06-XX ");
        var c = EdtfDate.Parse("2024-06");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));

        // Same bounds but different text stays distinct: the text carries what the source actually said.
        Assert.Equal(a.Earliest, c.Earliest);
        Assert.Equal(a.Latest, c.Latest);
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.False(a.Equals(null));
        Assert.False(a == null);
        Assert.True((EdtfDate?)null == null);
    }

    /// <summary>Messages are lower-case sentences without a trailing period.</summary>
    internal static void AssertPlainMessage(string error)
    {
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.False(char.IsUpper(error[0]), $"message should start lower-case: {error}");
        Assert.False(error.EndsWith('.'), $"message should not end with a period: {error}");
    }
}
