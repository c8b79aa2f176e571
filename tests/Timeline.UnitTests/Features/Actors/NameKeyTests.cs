using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Core.Actors;

namespace Timeline.UnitTests.Features.Actors;

public sealed class NameKeyTests
{
    [Theory]
    [InlineData("Kim Jong-un", "jong kim un")]
    [InlineData("KIM Jong Un", "jong kim un")]
    [InlineData("Jong Un Kim", "jong kim un")]
    [InlineData("  kim   jong,un. ", "jong kim un")]
    [InlineData("Ким Чен Ын", "chen kim yn")]
    [InlineData("Шойгу Сергей Кужугетович", "kuzhugetovich sergey shoygu")]
    [InlineData("최선희", "choe hui seon")]
    [InlineData("김정은", "eun gim jeong")]
    [InlineData("Ri Il-hwan", "hwan il ri")]
    [InlineData("Σεργκέι Σοϊγκού", "sergkei soigkoy")] // letter by letter: ου is o and y
    [InlineData("Citroën O'Brien", "citroen obrien")]
    [InlineData("U.S. Department of the Treasury", "department of the treasury us")]
    public void A_name_keys_to_sorted_lower_case_latin_words(string name, string key) => Assert.Equal(key, NameKeys.Key(name));

    [Fact]
    public void Han_characters_become_a_pinyin_word_each() => Assert.Equal("en jin zheng", NameKeys.Key("金正恩"));

    [Theory]
    [InlineData("Sergei Shoigu", "Шойгу Сергей")]
    [InlineData("Choe Son Hui", "최선희")]
    [InlineData("Shoigu", "Shoygu")]
    [InlineData("Korea", "Corea")]
    public void Spellings_that_sound_alike_share_a_sound_key(string one, string other) =>
        Assert.Equal(NameKeys.Sound(NameKeys.Key(one)), NameKeys.Sound(NameKeys.Key(other)));

    [Fact]
    public void Russian_spelling_of_a_korean_name_does_not_sound_like_its_latin_one() =>
        Assert.NotEqual(NameKeys.Sound(NameKeys.Key("Kim Jong Un")), NameKeys.Sound(NameKeys.Key("Ким Чен Ын")));

    [Theory]
    [InlineData('가', "ga")]
    [InlineData('힣', "hit")]
    [InlineData('최', "choe")]
    [InlineData('정', "jeong")]
    [InlineData('A', null)]
    public void A_hangul_syllable_romanises_by_its_parts(char syllable, string? latin) =>
        Assert.Equal(latin, Hangul.Romanize(new System.Text.Rune(syllable)));

    private static Arbitrary<string> Names() =>
        Gen.Elements("Kim", "Jong-un", "Шойгу", "Сергей", "최선희", "金正恩", "O'Brien", "Citroën", "Σοϊγκού", ",", "Ri", "hwan")
            .Zip(Gen.Elements(" ", "-", ", ")).ArrayOf().Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property A_key_is_lower_case_ascii_words_in_order_once_spaced() => Prop.ForAll(Names(), name =>
    {
        var key = NameKeys.Key(name);
        var words = key.Split(' ');
        return key.All(c => c == ' ' || char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            && (key.Length == 0 || words.All(w => w.Length > 0))
            && words.SequenceEqual(words.Order(StringComparer.Ordinal));
    });

    [Property(MaxTest = 300)]
    public Property Case_word_order_and_hyphens_do_not_change_a_key() => Prop.ForAll(Names(), name =>
    {
        var words = name.Split(' ', '-');
        var reordered = string.Join("-", words.Reverse());
        return NameKeys.Key(name) == NameKeys.Key(name.ToUpperInvariant())
            && NameKeys.Key(name) == NameKeys.Key(reordered)
            && NameKeys.Key(name) == NameKeys.Key(NameKeys.Key(name));
    });

    [Property(MaxTest = 300)]
    public Property A_sound_key_is_a_key_whatever_the_word_order() => Prop.ForAll(Names(), name =>
    {
        var sound = NameKeys.Sound(NameKeys.Key(name));
        var reordered = string.Join(' ', name.Split(' ').Reverse());
        return NameKeys.Key(sound) == sound && NameKeys.Sound(NameKeys.Key(reordered)) == sound;
    });
    /// <summary>Mixed scripts, punctuation, surrogate pairs, lone surrogates and long runs: whatever a source may send.</summary>
    private static Arbitrary<string> MixedScript() =>
        Gen.OneOf(
                Gen.Elements("Kim", "Jong-un", "Шойгу", "Сергей", "최선희", "金正恩", "O'Brien", "Citroën", "Σοϊγκού", "U.S.", "ß", "Æsir", "İstanbul",
                    "ﬁ", "№7", "𝔘𝔫𝔦", "😀", "\uD800", "\uDC00x", "`a`", "Ⅻ", "ＡＢＣ", "ᄀ", "אבג", "عربي", "ไทย", "\u0301", "1234567890"),
                Gen.Choose(0, 0x2FFFF).Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32),
                Gen.Elements(" ", "-", ", ", ".", "'", "\t", "  ", "_", "/"))
            .ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 2_000)]
    public Property The_one_pass_key_is_the_key_as_first_written() => Prop.ForAll(MixedScript(), name => NameKeys.Key(name) == ReferenceNameKeys.Key(name));

    [Fact]
    public void A_long_name_keys_to_whole_words_within_the_limit_as_first_written()
    {
        var name = string.Join(' ', Enumerable.Range(0, 300).Select(i => "Слово" + i + " 최" + i));
        Assert.Equal(ReferenceNameKeys.Key(name), NameKeys.Key(name));
        Assert.True(NameKeys.Key(name).Length <= NameKeys.MaxLength);
    }
}
