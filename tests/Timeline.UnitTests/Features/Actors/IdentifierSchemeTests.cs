using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Core.Actors;

namespace Timeline.UnitTests.Features.Actors;

public sealed class IdentifierSchemeTests
{
    [Theory]
    [InlineData("9179842")] // 9×7 + 1×6 + 7×5 + 9×4 + 8×3 + 4×2 = 172: the check digit is 2
    [InlineData("8814275")]
    [InlineData("9074729")]
    public void Known_IMO_numbers_pass(string imo) => Assert.True(ImoNumber.HasValidCheckDigit(imo));

    [Theory]
    [InlineData("9179841")]
    [InlineData("917984")]
    [InlineData("91798420")]
    [InlineData("917984X")]
    public void Wrong_or_malformed_IMO_numbers_fail(string imo) => Assert.False(ImoNumber.HasValidCheckDigit(imo));

    private static readonly Gen<string> SixDigits = Gen.Choose(0, 999_999).Select(n => n.ToString("D6", CultureInfo.InvariantCulture));

    [Property]
    public Property Exactly_one_seventh_digit_completes_six_digits() =>
        Prop.ForAll(SixDigits.ToArbitrary(), six =>
            Enumerable.Range(0, 10).Count(d => ImoNumber.HasValidCheckDigit(six + d.ToString(CultureInfo.InvariantCulture))) == 1);

    /// <summary>
    /// The weights 7 and 3 are prime to 10, so any change of those digits, or of the check digit itself, shows; the
    /// weights 6, 5, 4 and 2 are not, and the scheme cannot see every change of theirs (a 5 more or less at weight 2).
    /// </summary>
    [Property]
    public Property Changing_the_check_digit_or_a_digit_weighted_7_or_3_breaks_the_check() =>
        Prop.ForAll(SixDigits.ToArbitrary(), Gen.Elements(0, 4, 6).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (six, position, shift) =>
        {
            var imo = six + ImoNumber.CheckDigit(six).ToString(CultureInfo.InvariantCulture);
            var digit = (char)('0' + ((imo[position] - '0' + shift) % 10));
            var changed = imo[..position] + digit + imo[(position + 1)..];
            return ImoNumber.HasValidCheckDigit(imo) && !ImoNumber.HasValidCheckDigit(changed);
        });

    [Property]
    public Property An_IMO_prefix_is_dropped_when_stored() =>
        Prop.ForAll(SixDigits.ToArbitrary(), six =>
        {
            var imo = six + ImoNumber.CheckDigit(six).ToString(CultureInfo.InvariantCulture);
            return IdentifierSchemes.TryNormalize("imo", "IMO " + imo, out var stored, out _) && stored == imo;
        });

    [Theory]
    [InlineData("wikidata", "q423", "Q423")]
    [InlineData("iso3166", "kp", "KP")]
    [InlineData("un", " KPi.066 ", "KPi.066")]
    [InlineData("opensanctions", "NK-2J4mXwPZq", "NK-2J4mXwPZq")]
    public void Values_are_stored_in_one_form(string scheme, string given, string stored)
    {
        Assert.True(IdentifierSchemes.TryNormalize(scheme, given, out var normalized, out var error), error);
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("wikidata", "Q0")]
    [InlineData("wikidata", "P31")]
    [InlineData("un", "KPx.066")]
    [InlineData("iso3166", "PRK")]
    [InlineData("opensanctions", "has space")]
    [InlineData("ofac", "0123")]
    [InlineData("imo", "")]
    public void Values_outside_a_schemes_rules_are_refused_with_a_reason(string scheme, string value)
    {
        Assert.False(IdentifierSchemes.TryNormalize(scheme, value, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("imo:9179842", "imo", "9179842")]
    [InlineData("IMO:9179842", "imo", "9179842")]
    [InlineData("wikidata:Q423", "wikidata", "Q423")]
    public void Scheme_and_value_split_at_the_first_colon(string text, string scheme, string value)
    {
        Assert.True(IdentifierSchemes.TrySplit(text, out var s, out var v));
        Assert.Equal((scheme, value), (s, v));
    }

    [Theory]
    [InlineData("KP")]
    [InlineData("lei:5493001KJTIIGC8Y1R12")]
    [InlineData(":Q423")]
    public void Codes_and_unknown_schemes_do_not_split(string text) => Assert.False(IdentifierSchemes.TrySplit(text, out _, out _));
}
