using System.Text;
using Timeline.Core.Actors;

namespace Timeline.UnitTests.Features.Actors;

/// <summary>
/// <see cref="NameKeys.Key"/> as it was first written (a string a character, then a filter, a split and a sort), kept as
/// the reference the one-pass coding is held to: keys are stored, so the two must agree on every name.
/// </summary>
internal static class ReferenceNameKeys
{
    public static string Key(string name)
    {
        var latin = new StringBuilder(name.Length * 2);
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                latin.Append((char)rune.Value);
            }
            else if (Hangul.Romanize(rune) is { } syllable)
            {
                latin.Append(' ').Append(syllable).Append(' ');
            }
            else if (IsHan(rune))
            {
                latin.Append(' ').Append(AnyAscii.Transliteration.Transliterate(rune.ToString())).Append(' ');
            }
            else
            {
                latin.Append(AnyAscii.Transliteration.Transliterate(rune.ToString()));
            }
        }

        var text = new StringBuilder(latin.Length);
        foreach (var c in latin.ToString())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '.' or '`'))
            {
                text.Append(' ');
            }
        }

        var key = new StringBuilder();
        foreach (var word in text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))
        {
            if (key.Length + 1 + word.Length > NameKeys.MaxLength)
            {
                break;
            }

            key.Append(key.Length == 0 ? "" : " ").Append(word);
        }

        return key.ToString();
    }

    private static bool IsHan(Rune rune) => rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x2FA1F);
}
