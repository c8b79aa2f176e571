using System.Globalization;
using CsvHelper;
using Timeline.Api.Features.Exports;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A measure's claims, one row each, as the downloads write CSV (RFC 4180, UTF-8 with a byte-order mark unless asked not
/// to, formula-like cells escaped). A measure's claims are few enough to answer in one piece.
/// </summary>
public static class MeasureCsv
{
    public const string Type = CsvDownload.Type;

    public static readonly string[] Columns =
    [
        "measure", "value", "low", "high", "qualifier", "as_of", "period", "source_url", "publisher", "reliability", "derived_from", "recorded_at",
    ];

    public static byte[] Of(MeasureWithClaims measure, bool byteOrderMark)
    {
        using var page = new MemoryStream();
        if (byteOrderMark)
        {
            page.Write(System.Text.Encoding.UTF8.Preamble);
        }

        using (var csv = CsvWriter.Create(page, new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.Escape, WriteByteOrderMark = false },
                   leaveOpen: true))
        {
            csv.WriteRecord(Columns);
            foreach (var claim in measure.Claims)
            {
                csv.WriteRecord(Row(measure.Code, claim));
            }
        }

        return page.ToArray();
    }

    private static string[] Row(string measure, ClaimView c) =>
    [
        measure,
        Number(c.Value),
        Number(c.Low),
        Number(c.High),
        c.Qualifier,
        c.AsOf,
        c.Period ?? "",
        c.Source.Url ?? "",
        c.Source.Publisher ?? "",
        c.Source.Reliability ?? "",
        c.DerivedFrom?.ToString("D") ?? "",
        c.RecordedAt.ToString("O", CultureInfo.InvariantCulture),
    ];

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
