using System.Buffers;
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
        // One pass, no string per character: each character goes through the word filter as it is transliterated, into a
        // pooled buffer; then the words are sorted as ranges of it. A check of ten thousand items keys every name it reads.
        var text = new Letters(name.Length + 16);
        try
        {
            var chars = name.AsSpan();
            for (var i = 0; i < chars.Length; i++)
            {
                var c = chars[i];
                if (char.IsAscii(c))
                {
                    // ASCII is its own transliteration: most names are, and the look-up per character is what a key costs.
                    text.Add(c);
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    text.Add(LatinOf(new Rune(c, chars[i + 1])));
                    i++;
                }
                else
                {
                    // A lone surrogate is the replacement character, as enumerating the runes gives it.
                    text.Add(LatinOf(char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c)));
                }
            }

            return text.SortedWords();
        }
        finally
        {
            text.Return();
        }
    }

    /// <summary>What a non-ASCII character of the Basic Multilingual Plane is written as, kept once worked out.</summary>
    private static readonly string?[] LatinOfChar = new string?[char.MaxValue + 1];

    /// <summary>A character in Latin letters: a Hangul syllable or a Han character a word of its own (spaces around it).</summary>
    private static string LatinOf(Rune rune)
    {
        if (rune.IsBmp && LatinOfChar[rune.Value] is { } known)
        {
            return known;
        }

        var latin = Hangul.Romanize(rune) is { } syllable ? " " + syllable + " "
            // A Han character is a syllable: its own word, as pinyin is written apart in names.
            : IsHan(rune) ? " " + AnyAscii.Transliteration.Transliterate(rune.ToString()) + " "
            : AnyAscii.Transliteration.Transliterate(rune.ToString());
        if (rune.IsBmp)
        {
            LatinOfChar[rune.Value] = latin;
        }

        return latin;
    }

    /// <summary>
    /// A key being written: lower-case ASCII letters and digits, words parted by one space. Hyphens, commas and spaces
    /// part words; apostrophes and stops do not (O'Brien, U.S.).
    /// </summary>
    private struct Letters(int capacity)
    {
        private char[] chars = ArrayPool<char>.Shared.Rent(capacity);
        private int length;

        public void Add(string latin)
        {
            foreach (var c in latin)
            {
                Add(c);
            }
        }

        public void Add(char c)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                Put(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '.' or '`') && length > 0 && chars[length - 1] != ' ')
            {
                Put(' ');
            }
        }

        private void Put(char c)
        {
            if (length == chars.Length)
            {
                var grown = ArrayPool<char>.Shared.Rent(chars.Length * 2);
                chars.AsSpan(0, length).CopyTo(grown);
                ArrayPool<char>.Shared.Return(chars);
                chars = grown;
            }

            chars[length++] = c;
        }

        /// <summary>The words sorted and spaced, as many whole words as <see cref="MaxLength"/> holds.</summary>
        public readonly string SortedWords()
        {
            var written = chars.AsSpan(0, length);
            var count = written.Count(' ') + 1;
            var words = ArrayPool<Range>.Shared.Rent(count);
            try
            {
                var n = 0;
                foreach (var word in written.Split(' '))
                {
                    if (word.End.Value > word.Start.Value)
                    {
                        words[n++] = word;
                    }
                }

                var all = chars;
                words.AsSpan(0, n).Sort((a, b) => all.AsSpan(a).SequenceCompareTo(all.AsSpan(b)));
                var size = 0;
                var taken = 0;
                for (; taken < n; taken++)
                {
                    var wordLength = words[taken].End.Value - words[taken].Start.Value;
                    // Whole words only: a word cut short could sort before the one ahead of it.
                    if (size + 1 + wordLength > MaxLength)
                    {
                        break;
                    }

                    size += (size == 0 ? 0 : 1) + wordLength;
                }

                return taken == 0 ? "" : string.Create(size, (all, words, taken), static (key, state) =>
                {
                    var at = 0;
                    for (var w = 0; w < state.taken; w++)
                    {
                        if (w > 0)
                        {
                            key[at++] = ' ';
                        }

                        var word = state.all.AsSpan(state.words[w]);
                        word.CopyTo(key[at..]);
                        at += word.Length;
                    }
                });
            }
            finally
            {
                ArrayPool<Range>.Shared.Return(words);
            }
        }

        public readonly void Return() => ArrayPool<char>.Shared.Return(chars);
    }

    /// <summary>
    /// A key's words as they sound, roughly: letters and digraphs that spell one sound in the usual romanisations fold
    /// into one (<c>sh</c>/<c>sch</c>, <c>y</c>/<c>i</c>, <c>eo</c>/<c>o</c>, doubled letters), words sorted again.
    /// </summary>
    public static string Sound(string key) => Joined(key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(SoundOfWord));

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
