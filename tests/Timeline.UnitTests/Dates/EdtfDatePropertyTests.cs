using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Core.Dates;

namespace Timeline.UnitTests.Dates;

public class EdtfDatePropertyTests
{
    /// <summary>A valid EDTF text together with the value it must parse to, computed independently of the parser.</summary>
    public sealed record Expected(
        string Text, DateOnly? Earliest, DateOnly? Latest, EdtfPrecision Precision, bool Uncertain, bool Approximate, bool IsInterval)
    {
        public override string ToString() => Text; // keeps FsCheck's counterexample output readable
    }

    /// <summary>An interval together with the texts of its two ends ("" or ".." for unknown/open).</summary>
    public sealed record IntervalCase(Expected Interval, string Start, string End)
    {
        public override string ToString() => Interval.Text;
    }

    private static string D2(int n) => n.ToString("D2", CultureInfo.InvariantCulture);

    private static string D4(int n) => n.ToString("D4", CultureInfo.InvariantCulture);

    // Bias towards edge years (leap rules, 0001, 9999, X clamping) while still covering the whole range.
    private static readonly Gen<int> Year = Gen.Frequency(
        (4, Gen.Choose(1, 9999)),
        (1, Gen.Elements(1, 4, 9, 10, 99, 100, 999, 1000, 1900, 2000, 2023, 2024, 9990, 9999)));

    private static readonly Gen<string> Qualifier = Gen.Elements("", "", "?", "~", "%");

    private static readonly Gen<Expected> DayDate =
        from y in Year
        from m in Gen.Choose(1, 12)
        from d in Gen.Choose(1, DateTime.DaysInMonth(y, m))
        select new Expected($"{D4(y)}-{D2(m)}-{D2(d)}", new DateOnly(y, m, d), new DateOnly(y, m, d), EdtfPrecision.Day, false, false, false);

    private static readonly Gen<Expected> MonthDate =
        from y in Year
        from m in Gen.Choose(1, 12)
        from suffix in Gen.Elements("", "-XX")
        select new Expected($"{D4(y)}-{D2(m)}{suffix}", new DateOnly(y, m, 1), new DateOnly(y, m, DateTime.DaysInMonth(y, m)), EdtfPrecision.Month, false, false, false);

    private static readonly Gen<Expected> YearDate =
        from y in Year
        from suffix in Gen.Elements("", "-XX", "-XX-XX")
        select new Expected(D4(y) + suffix, new DateOnly(y, 1, 1), new DateOnly(y, 12, 31), EdtfPrecision.Year, false, false, false);

    // 202X / 20XX (optionally followed by fully unspecified month/day); never reaches year 0.
    private static readonly Gen<Expected> UnspecifiedYearDate =
        from y in Year
        from k in Gen.Choose(1, 2)
        from suffix in Gen.Elements("", "-XX", "-XX-XX")
        let span = k == 1 ? 10 : 100
        let first = y - y % span
        select new Expected(D4(y)[..(4 - k)] + new string('X', k) + suffix,
            new DateOnly(Math.Max(1, first), 1, 1), new DateOnly(first + span - 1, 12, 31), EdtfPrecision.Year, false, false, false);

    private static readonly Gen<Expected> UnqualifiedDate =
        Gen.OneOf(DayDate, DayDate, MonthDate, YearDate, UnspecifiedYearDate);

    private static Expected WithQualifier(Expected date, string qualifier) => date with
    {
        Text = date.Text + qualifier,
        Uncertain = qualifier is "?" or "%",
        Approximate = qualifier is "~" or "%",
    };

    // A qualifier follows fully specified dates only: edtf.js refuses one after unspecified digits (X).
    private static readonly Gen<Expected> SingleDate =
        from date in UnqualifiedDate
        from q in date.Text.Contains('X') ? Gen.Constant("") : Qualifier
        select WithQualifier(date, q);

    // Each end is a date (weighted), open ".." or unknown ""; at most one end is not a date.
    private static readonly Gen<IntervalCase> Interval =
        from a in SingleDate
        from b in SingleDate
        // edtf.js refuses an interval with X at one end and a qualified year alone at the other.
        where !(a.Text.Contains('X') && QualifiedYear(b.Text)) && !(b.Text.Contains('X') && QualifiedYear(a.Text))
        from shape in Gen.Elements("known", "known", "known", "open-start", "unknown-start", "open-end", "unknown-end")
        select MakeInterval(a, b, shape);

    private static bool QualifiedYear(string text) => text.Length == 5 && text[4] is '?' or '~' or '%';

    private static IntervalCase MakeInterval(Expected a, Expected b, string shape)
    {
        // Order two known ends so the interval is valid: if a starts after b ends, b..a is valid.
        var (start, end) = a.Earliest > b.Latest ? (b, a) : (a, b);
        Expected? s = shape is "open-start" or "unknown-start" ? null : start;
        Expected? e = shape is "open-end" or "unknown-end" ? null : end;
        var startText = s?.Text ?? (shape == "open-start" ? ".." : "");
        var endText = e?.Text ?? (shape == "open-end" ? ".." : "");
        var known = new[] { s, e }.OfType<Expected>().ToList();
        var interval = new Expected(
            $"{startText}/{endText}",
            s?.Earliest,
            e?.Latest,
            known.Max(x => x.Precision),
            known.Any(x => x.Uncertain),
            known.Any(x => x.Approximate),
            IsInterval: true);
        return new IntervalCase(interval, startText, endText);
    }

    private static readonly Gen<Expected> AnyValid = Gen.Frequency(
        (3, SingleDate),
        (2, Interval.Select(i => i.Interval)));

    private static bool Matches(EdtfDate d, Expected e) =>
        d.Text == e.Text && d.Earliest == e.Earliest && d.Latest == e.Latest && d.Precision == e.Precision
        && d.Uncertain == e.Uncertain && d.Approximate == e.Approximate && d.IsInterval == e.IsInterval;

    private static bool SameValue(EdtfDate a, EdtfDate b) =>
        a.Equals(b) && a.Text == b.Text && a.Earliest == b.Earliest && a.Latest == b.Latest && a.Precision == b.Precision
        && a.Uncertain == b.Uncertain && a.Approximate == b.Approximate && a.IsInterval == b.IsInterval;

    [Property]
    public Property Valid_dates_parse_to_the_expected_value() =>
        Prop.ForAll(AnyValid.ToArbitrary(), e =>
            EdtfDate.TryParse(e.Text, out var d, out _) && Matches(d, e));

    [Property]
    public Property Earliest_is_never_after_latest() =>
        Prop.ForAll(AnyValid.ToArbitrary(), e =>
        {
            var d = EdtfDate.Parse(e.Text);
            return d.Earliest is not { } lo || d.Latest is not { } hi || lo <= hi;
        });

    [Property]
    public Property Text_round_trips() =>
        Prop.ForAll(AnyValid.ToArbitrary(), e =>
        {
            var d = EdtfDate.Parse(e.Text);
            return SameValue(EdtfDate.Parse(d.Text), d) && SameValue(EdtfDate.Parse(d.ToString()), d);
        });

    [Property]
    public Property Lower_case_x_and_surrounding_whitespace_are_normalised() =>
        Prop.ForAll(
            (from e in AnyValid
             from lower in Gen.Elements(true, false)
             from pad in Gen.Elements("", " ", "\t", "  \n")
             select (e, input: pad + (lower ? e.Text.Replace('X', 'x') : e.Text) + pad)).ToArbitrary(),
            c => SameValue(EdtfDate.Parse(c.input), EdtfDate.Parse(c.e.Text)) && EdtfDate.Parse(c.input).Text == c.e.Text);

    [Property]
    public Property A_day_means_exactly_that_day() =>
        Prop.ForAll(DayDate.Select(e => e.Earliest!.Value).ToArbitrary(), day =>
        {
            var d = EdtfDate.Parse(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return d.Earliest == day && d.Latest == day && d.Precision == EdtfPrecision.Day;
        });

    [Property]
    public Property A_month_spans_its_first_to_last_day() =>
        Prop.ForAll(
            (from y in Year from m in Gen.Choose(1, 12) from suffix in Gen.Elements("", "-XX") select (y, m, suffix)).ToArbitrary(),
            c =>
            {
                var d = EdtfDate.Parse($"{D4(c.y)}-{D2(c.m)}{c.suffix}");
                return d.Earliest == new DateOnly(c.y, c.m, 1)
                    && d.Latest == new DateOnly(c.y, c.m, DateTime.DaysInMonth(c.y, c.m))
                    && d.Precision == EdtfPrecision.Month;
            });

    [Property]
    public Property A_day_past_the_end_of_its_month_is_rejected() =>
        Prop.ForAll(
            (from y in Year
             from m in Gen.Choose(1, 12)
             // Mostly just past the month's end, where leap-year and 30/31 mistakes live.
             from d in Gen.Frequency((4, Gen.Choose(DateTime.DaysInMonth(y, m) + 1, 32)), (1, Gen.Choose(33, 99)), (1, Gen.Constant(0)))
             select $"{D4(y)}-{D2(m)}-{D2(d)}").ToArbitrary(),
            text => !EdtfDate.TryParse(text, out _, out var error) && error.Contains($"{text[..7]} has no day {text[8..]}", StringComparison.Ordinal));

    [Property]
    public Property Interval_bounds_are_the_bounds_of_its_ends() =>
        Prop.ForAll(Interval.ToArbitrary(), c =>
        {
            var d = EdtfDate.Parse(c.Interval.Text);
            var start = c.Start is "" or ".." ? null : EdtfDate.Parse(c.Start);
            var end = c.End is "" or ".." ? null : EdtfDate.Parse(c.End);
            var coarsest = new[] { start, end }.OfType<EdtfDate>().Max(x => x.Precision);
            return d.IsInterval
                && d.Earliest == start?.Earliest
                && d.Latest == end?.Latest
                && d.Precision == coarsest
                && d.Uncertain == (start?.Uncertain == true || end?.Uncertain == true)
                && d.Approximate == (start?.Approximate == true || end?.Approximate == true);
        });

    [Property]
    public Property A_qualifier_after_unspecified_digits_is_refused() =>
        Prop.ForAll(
            (from e in UnqualifiedDate where e.Text.Contains('X') from q in Gen.Elements("?", "~", "%") select e.Text + q).ToArbitrary(),
            text => !EdtfDate.TryParse(text, out _, out var error) && error.Contains("cannot follow unspecified digits", StringComparison.Ordinal));

    [Property]
    public Property A_qualifier_never_changes_the_bounds() =>
        Prop.ForAll(
            (from e in UnqualifiedDate where !e.Text.Contains('X') from q in Gen.Elements("?", "~", "%") select (e, q)).ToArbitrary(),
            c =>
            {
                var plain = EdtfDate.Parse(c.e.Text);
                var qualified = EdtfDate.Parse(c.e.Text + c.q);
                return qualified.Earliest == plain.Earliest
                    && qualified.Latest == plain.Latest
                    && qualified.Precision == plain.Precision
                    && qualified.Uncertain == (c.q is "?" or "%")
                    && qualified.Approximate == (c.q is "~" or "%")
                    && !plain.Uncertain && !plain.Approximate;
            });

    // Characters that matter to the grammar, so mutations often land near the edge of validity.
    private static readonly char[] Interesting = "0123456789XxY-/?~%.T:uES{}[], \t".ToCharArray();

    private static readonly Gen<char> MutationChar = Gen.Frequency(
        (4, Gen.Elements(Interesting)),
        (1, ArbMap.Default.GeneratorFor<char>()));

    private static Gen<string> Mutate(string text) =>
        from op in Gen.Choose(0, 2)
        from pos in Gen.Choose(0, text.Length)
        from c in MutationChar
        select op switch
        {
            0 => text.Insert(pos, c.ToString()),
            1 when pos < text.Length => text.Remove(pos, 1),
            _ when pos < text.Length => text.Remove(pos, 1).Insert(pos, c.ToString()),
            _ => text + c,
        };

    private static readonly Gen<string> MutatedValid =
        from e in AnyValid
        from times in Gen.Choose(1, 3)
        from text in Enumerable.Range(0, times).Aggregate(Gen.Constant(e.Text), (g, _) => g.SelectMany(Mutate))
        select text;

    private static readonly Gen<string?> AnyText = Gen.Frequency(
        (2, ArbMap.Default.GeneratorFor<string?>()),
        (3, MutatedValid.Select(s => (string?)s)));

    [Property(MaxTest = 500)]
    public Property Arbitrary_text_is_accepted_or_rejected_with_a_reason_but_never_throws() =>
        Prop.ForAll(AnyText.ToArbitrary(), text =>
        {
            bool ok;
            EdtfDate? date;
            string? error;
            try
            {
                ok = EdtfDate.TryParse(text, out date, out error);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"TryParse threw on '{text}'", ex);
            }

            if (!ok)
            {
                EdtfDateTests.AssertPlainMessage(error!);
                Assert.Null(date);
                Assert.Equal(error, Assert.Throws<FormatException>(() => EdtfDate.Parse(text!)).Message);
                return;
            }

            Assert.Null(error);
            var again = EdtfDate.Parse(date!.Text);
            Assert.True(SameValue(again, date), $"'{text}' re-parsed differently");
            Assert.True(date.Earliest is not { } lo || date.Latest is not { } hi || lo <= hi);
        });
}
