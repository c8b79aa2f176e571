using Timeline.Core.Actors;

namespace Timeline.UnitTests.Features.Actors;

public sealed class NameWordsTests
{
    [Fact]
    public void A_name_holds_each_word_of_its_key_and_sound_once_and_each_pair_of_them_the_lesser_first()
    {
        // Key "choe hui son", sound "hui son xoe": four different words, so six pairs.
        var words = NameWords.Of("choe hui son", "hui son xoe");

        Assert.Equal(
            ["choe", "choe_hui", "choe_son", "choe_xoe", "hui", "hui_son", "hui_xoe", "son", "son_xoe", "xoe"],
            words.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_query_of_one_word_asks_for_it_or_its_sound()
    {
        Assert.Equal("('shoigu' | 'xoigu')", NameWords.Query(["shoigu"], ["xoigu"]));
        Assert.Equal("('kim')", NameWords.Query(["kim"], ["kim"]));
    }

    [Fact]
    public void A_query_of_more_words_asks_for_each_word_with_the_next_in_any_of_their_spellings()
    {
        // choe/xoe with hui: choe_hui or hui_xoe (the lesser first); hui with son: hui_son.
        Assert.Equal("('choe_hui' | 'hui_xoe') & ('hui_son')", NameWords.Query(["choe", "hui", "son"], ["xoe", "hui", "son"]));
    }

    [Fact]
    public void A_word_spelt_as_the_next_one_is_that_word_alone()
    {
        // "kim kim": the pair of a word with itself is the word.
        Assert.Equal("('kim')", NameWords.Query(["kim", "kim"], ["kim", "kim"]));
        Assert.Equal("('a_b' | 'a_c' | 'b' | 'b_c')", NameWords.Query(["a", "b"], ["b", "c"]));
    }

    [Fact]
    public void A_query_without_words_is_none()
    {
        Assert.Null(NameWords.Query([], []));
    }
}
