using System.Text;

namespace Timeline.Core.Actors;

/// <summary>
/// The words a name is found by in search, and the text search query that finds the names holding every word of a query.
/// A name holds each word of its key and of its sound, and each pair of them as one word (<c>choe_hui</c>); a query of two
/// words or more asks for pairs, each word with the next, in any of their spellings. The names found are the same as by
/// asking for each word alone, since a name holds a pair exactly when it holds both words; but where the words are
/// common syllables (at 100 000 actors, 29 712 names hold <c>son</c>), few names hold a pair of them (616 hold
/// <c>hui_son</c>), and the index scan reads those short lists instead of the long ones whole.
/// </summary>
public static class NameWords
{
    /// <summary>
    /// A name's words: those of its key and sound (lower-case Latin letters and digits, <see cref="NameKeys"/>), and each
    /// pair of two different ones, the lesser first (ordinal order). PostgreSQL indexes them as a text search vector
    /// (<c>array_to_tsvector</c>), taking each as it is.
    /// </summary>
    public static string[] Of(string key, string sound)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(sound.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var all = new List<string>(words.Length * (words.Length + 1) / 2);
        for (var i = 0; i < words.Length; i++)
        {
            all.Add(words[i]);
            for (var j = i + 1; j < words.Length; j++)
            {
                all.Add(Pair(words[i], words[j]));
            }
        }

        return [.. all];
    }

    /// <summary>
    /// The query (PostgreSQL's <c>tsquery</c> text) for the names holding every word of a query, each as written
    /// (<paramref name="words"/>) or as it sounds (<paramref name="sounds"/>, the same length): one word, itself or its
    /// sound; more, each with the next as a pair. Null when there is no word.
    /// </summary>
    public static string? Query(IReadOnlyList<string> words, IReadOnlyList<string> sounds)
    {
        var spellings = words.Zip(sounds).Where(w => w.First.Length > 0 && w.Second.Length > 0)
            .Select(w => new[] { w.First, w.Second }.Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        if (spellings.Length == 0)
        {
            return null;
        }

        var terms = spellings.Length == 1 ? [spellings[0]]
            : spellings.Zip(spellings.Skip(1), (a, b) => a.SelectMany(x => b.Select(y => x == y ? x : string.CompareOrdinal(x, y) < 0 ? Pair(x, y) : Pair(y, x)))
                .Distinct(StringComparer.Ordinal).ToArray());
        var query = new StringBuilder();
        foreach (var alternatives in terms)
        {
            query.Append(query.Length == 0 ? "(" : " & (");
            query.AppendJoin(" | ", alternatives.Select(Quoted)).Append(')');
        }

        return query.ToString();
    }

    private static string Pair(string lesser, string greater) => lesser + "_" + greater;

    /// <summary>A lexeme as <c>tsquery</c> input reads it: quoted, its quotes and backslashes escaped.</summary>
    private static string Quoted(string lexeme) => "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
