using System.Text;

namespace Timeline.Core.Actors;

/// <summary>
/// The keys a name is compared by, so that sources' spellings of one name meet: <see cref="Key"/> drops case, accents,
/// punctuation and word order and writes Cyrillic, Greek, Hangul and Han in Latin letters; <see cref="Sound"/> folds
/// spellings that sound alike (<c>Shoigu</c>, <c>Shoygu</c>). Search compares them by trigrams in PostgreSQL.
/// </summary>
public static class NameKeys
{
    /// <summary>Longer names are cut: a key only has to find the name.</summary>
    public const int MaxLength = 400;

    /// <summary>
    /// Lower-case Latin words sorted: <c>Kim Jong-un</c>, <c>KIM Jong Un</c> and <c>Jong Un Kim</c> all give
    /// <c>jong kim un</c>; <c>최선희</c> gives <c>choe hui seon</c>, a word per Hangul syllable as Latin sources write them.
    /// </summary>
    public static string Key(string name)
    {
        var latin = new StringBuilder(name.Length * 2);
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                // ASCII is its own transliteration: most names are, and the look-up per character is what a key costs.
                latin.Append((char)rune.Value);
            }
            else if (Hangul.Romanize(rune) is { } syllable)
            {
                latin.Append(' ').Append(syllable).Append(' ');
            }
            else if (IsHan(rune))
            {
                // A Han character is a syllable: its own word, as pinyin is written apart in names.
                latin.Append(' ').Append(AnyAscii.Transliteration.Transliterate(rune.ToString())).Append(' ');
            }
            else
            {
                latin.Append(AnyAscii.Transliteration.Transliterate(rune.ToString()));
            }
        }

        return SortedWords(latin.ToString());
    }

    /// <summary>
    /// A key's words as they sound, roughly: letters and digraphs that spell one sound in the usual romanisations fold
    /// into one (<c>sh</c>/<c>sch</c>, <c>y</c>/<c>i</c>, <c>eo</c>/<c>o</c>, doubled letters), words sorted again.
    /// </summary>
    public static string Sound(string key) => Joined(key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(SoundOfWord));

    private static string SortedWords(string latin)
    {
        var text = new StringBuilder(latin.Length);
        foreach (var c in latin)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '.' or '`'))
            {
                // Hyphens, commas and spaces part words; apostrophes and stops do not (O'Brien, U.S.).
                text.Append(' ');
            }
        }

        return Joined(text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Words sorted and spaced, as many whole words as <see cref="MaxLength"/> holds.</summary>
    private static string Joined(IEnumerable<string> words)
    {
        var key = new StringBuilder();
        foreach (var word in words.Where(w => w.Length > 0).Order(StringComparer.Ordinal))
        {
            // Whole words only: a word cut short could sort before the one ahead of it.
            if (key.Length + 1 + word.Length > MaxLength)
            {
                break;
            }

            key.Append(key.Length == 0 ? "" : " ").Append(word);
        }

        return key.ToString();
    }

    /// <summary>
    /// Replacements in order, longest first where one contains another. Upper-case letters mark a sound already folded,
    /// which later rules leave alone: <c>S</c> (sh, ch) and <c>C</c> (ts) end as <c>x</c> and <c>c</c>, free by then.
    /// </summary>
    private static readonly (string From, string To)[] Sounds =
    [
        ("x", "ks"), ("shch", "S"), ("sch", "S"), ("tch", "S"), ("sh", "S"), ("ch", "S"), ("dzh", "J"), ("zh", "J"), ("dj", "J"), ("j", "J"),
        ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ts", "C"), ("tz", "C"), ("ck", "k"), ("q", "k"),
        ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("w", "v"), ("y", "i"),
        ("eo", "o"), ("ou", "u"), ("oo", "u"), ("ae", "e"), ("ei", "i"), ("ee", "i"), ("ie", "i"),
    ];

    private static string SoundOfWord(string word)
    {
        var folded = new StringBuilder(word);
        foreach (var (from, to) in Sounds)
        {
            folded.Replace(from, to);
        }

        var sound = new StringBuilder(folded.Length);
        foreach (var c in folded.ToString())
        {
            var letter = c switch { 'S' => 'x', 'J' => 'j', 'C' => 'c', _ => c };
            if (sound.Length == 0 || sound[^1] != letter)
            {
                sound.Append(letter);
            }
        }

        return sound.ToString();
    }

    private static bool IsHan(Rune rune) => rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x2FA1F);
}
