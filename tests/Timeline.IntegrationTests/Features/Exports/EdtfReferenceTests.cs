using System.Text.Json;
using Timeline.Core.Dates;

namespace Timeline.IntegrationTests.Features.Exports;

/// <summary>
/// The dates we accept, held against edtf.js (npm <c>edtf</c>, the reference EDTF parser the product names) as it reads by
/// default, over every combination of a set of year, month, day and qualifier forms, alone and as interval ends.
/// </summary>
public sealed class EdtfReferenceTests
{
    private static readonly string[] Years = ["2024", "2023", "1999", "0001", "0000", "202X", "20XX", "2XXX", "XXXX", "199X", "2X24", "02024"];
    private static readonly string[] Months = ["", "-01", "-02", "-06", "-12", "-00", "-13", "-XX", "-1X", "-X1", "-21", "-6"];
    private static readonly string[] Days = ["", "-01", "-28", "-29", "-30", "-31", "-XX", "-1X", "-X1", "-00", "-32", "-1"];
    private static readonly string[] Qualifiers = ["", "?", "~", "%"];
    // Interval ends whose every start begins before every end: edtf.js wants the end's first day after the start's (not
    // only after its last, as here), a difference these forms leave aside.
    private static readonly string[] Starts = ["", "..", "2023", "2023-06~", "2023-06-XX", "2023-06-XX~", "2023-12-31?", "201X", "201X?", "2023%", "2023-13", "2023-XX-XX"];
    private static readonly string[] Ends = ["", "..", "2025", "2025-06~", "2025-06-XX", "2025-06-XX~", "2025-12-31?", "203X", "203X?", "2025%", "2025-13", "2025-XX-XX"];

    [Fact]
    public async Task Every_date_we_accept_edtf_js_accepts_and_we_refuse_its_forms_only_on_purpose()
    {
        var singles = (from y in Years from m in Months from d in m.Length == 0 ? [""] : Days from q in Qualifiers select y + m + d + q).ToList();
        var intervals = from a in Starts from b in Ends select $"{a}/{b}";
        var candidates = singles.Concat(intervals).Distinct().ToList();

        var reference = JsonSerializer.Deserialize<string[]>(await ExportChecks.NodeAsync("check-edtf.mjs", string.Join('\n', candidates)))!.ToHashSet();

        var oursOnly = candidates.Where(c => EdtfDate.TryParse(c, out _, out _) && !reference.Contains(c)).ToList();
        Assert.True(oursOnly.Count == 0, $"accepted here, refused by edtf.js: {string.Join(", ", oursOnly)}");
        // Where we are stricter, it is on purpose: a form we say we do not support (seasons, year 0000, level 2), a day its
        // month lacks (edtf.js reads 2023-02-29 as 1 March), a year not of four digits, an interval with no date at all.
        string[] stricter = ["not supported", "has no day", "exactly four digits", "at least one end of an interval must be a date"];
        var refusedWithoutSaying = candidates.Where(reference.Contains)
            .Select(c => (c, ok: EdtfDate.TryParse(c, out _, out var error), error))
            .Where(r => !r.ok && !stricter.Any(s => r.error!.Contains(s, StringComparison.Ordinal)))
            .Select(r => $"{r.c} ({r.error})").ToList();
        Assert.True(refusedWithoutSaying.Count == 0, $"read by edtf.js, refused here as if malformed: {string.Join("; ", refusedWithoutSaying)}");
        // The comparison means something: both sides accept many of the forms.
        Assert.InRange(candidates.Count(c => reference.Contains(c) && EdtfDate.TryParse(c, out _, out _)), 300, candidates.Count);
        Assert.Contains("2024-06-XX", reference);
        Assert.DoesNotContain("2024-06-XX~", reference);
    }
}
