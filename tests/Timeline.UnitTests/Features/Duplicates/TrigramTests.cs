using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Api.Features.Duplicates;

namespace Timeline.UnitTests.Features.Duplicates;

public class TrigramTests
{
    [Theory]
    // pg_trgm's documentation: similarity('word', 'two words') is 0.363636 ("  w", " wo", "wor", "ord" shared, of 11).
    [InlineData("word", "two words", 4.0 / 11)]
    [InlineData("word", "word", 1.0)]
    [InlineData("word", "", 0.0)]
    [InlineData("ab", "ba", 0.0)]
    // Word order does not matter; a one-letter word is "  a" and " a ".
    [InlineData("kim jong un", "un jong kim", 1.0)]
    [InlineData("a", "a b", 2.0 / 4)]
    public void Likeness_is_pg_trgms(string a, string b, double expected) =>
        Assert.Equal(expected, Trigrams.Similarity(Trigrams.Of(a), Trigrams.Of(b)), 6);

    /// <summary>Words of a few letters from a small alphabet, with runs of spaces, so that trigrams are often shared.</summary>
    private static readonly Gen<string> Key =
        from words in Gen.ListOf(Gen.ArrayOf(Gen.Elements('a', 'b', 'c', 'й', '수', ' ')).Select(c => new string(c)))
        select string.Join(" ", words);

    /// <summary>The rule as pg_trgm states it, on strings: each word padded "  word ", every window of three, shared over all.</summary>
    private static HashSet<string> Spelled(string key)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = "  " + word + " ";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                set.Add(padded.Substring(i, 3));
            }
        }

        return set;
    }

    [Property(MaxTest = 500)]
    public Property Packed_trigrams_count_as_the_spelled_out_rule() =>
        Prop.ForAll(Key.ToArbitrary(), Key.ToArbitrary(), (a, b) =>
        {
            var (x, y) = (Spelled(a), Spelled(b));
            var shared = x.Count(y.Contains);
            var expected = x.Count == 0 || y.Count == 0 ? 0 : shared / (double)(x.Count + y.Count - shared);
            return Trigrams.Of(a).Count == x.Count && Math.Abs(Trigrams.Similarity(Trigrams.Of(a), Trigrams.Of(b)) - expected) < 1e-12;
        });
}
