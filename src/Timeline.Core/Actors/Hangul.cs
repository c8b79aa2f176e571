using System.Text;

namespace Timeline.Core.Actors;

/// <summary>
/// A Hangul syllable in the Revised Romanisation of Korean, syllable by syllable (<c>최</c> → <c>choe</c>): a syllable
/// block is an initial consonant, a vowel and an optional final, numbered in Unicode from U+AC00.
/// </summary>
public static class Hangul
{
    private const int First = 0xAC00, Last = 0xD7A3, Vowels = 21, Finals = 28;

    private static readonly string[] Initial = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];

    private static readonly string[] Medial =
        ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"];

    /// <summary>Finals as a syllable ends alone (a name's syllables are read apart): the clusters keep their sounding consonant.</summary>
    private static readonly string[] Final =
        ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"];

    /// <summary>The syllable in Latin letters, or null when the rune is not a Hangul syllable.</summary>
    public static string? Romanize(Rune rune)
    {
        if (rune.Value is < First or > Last)
        {
            return null;
        }

        var index = rune.Value - First;
        return Initial[index / (Vowels * Finals)] + Medial[index % (Vowels * Finals) / Finals] + Final[index % Finals];
    }
}
