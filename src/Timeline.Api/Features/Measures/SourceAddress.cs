namespace Timeline.Api.Features.Measures;

/// <summary>
/// A source's address as <see cref="ClaimSummary.SameUrl"/> compares it, for the plain addresses nearly every claim cites
/// (http or https, a host name, a path and query of letters, digits and <c>-._~/?=&amp;</c>), read without a
/// <see cref="Uri"/>: a measure's page compares a thousand of them per request, and parsing each as a Uri was a tenth
/// of the page's CPU. The answer is what Uri gives (scheme and host in lower case, the path and query as written, no
/// trailing slash); anything else (a port, user info, a fragment, an escape, a dot segment, an IP address, an
/// international name) is left to Uri.
/// </summary>
public static class SourceAddress
{
    /// <summary>
    /// As <see cref="Plain(ReadOnlySpan{char})"/>, around spaces trimmed, and <paramref name="url"/> itself when it is already
    /// the address to compare (as nearly every one is): a page compares a thousand, and a new string for each was needless.
    /// </summary>
    public static string? Plain(string url)
    {
        if (IsAlreadyPlain(url))
        {
            return url;
        }

        var trimmed = url.AsSpan().Trim();
        var length = PlainLength(trimmed);
        if (length < 0)
        {
            return null;
        }

        var span = length <= 512 ? stackalloc char[length] : new char[length];
        var plain = Write(trimmed, span);
        return plain.SequenceEqual(url) ? url : new string(plain);
    }

    /// <summary>
    /// The address to compare as it is: http or https and a plain host in lower case, then a plain path (with a query or
    /// not), and no final slash. Read in one pass, without writing the address again.
    /// </summary>
    private static bool IsAlreadyPlain(string url)
    {
        var schemeLength = url.StartsWith("https://", StringComparison.Ordinal) ? 8 : url.StartsWith("http://", StringComparison.Ordinal) ? 7 : 0;
        if (schemeLength == 0 || url[^1] == '/')
        {
            return false;
        }

        var afterScheme = url.AsSpan(schemeLength);
        var hostLength = afterScheme.IndexOfAny('/', '?');
        if (hostLength < 0 || afterScheme[hostLength] != '/')
        {
            // No path: Uri gives it as "/".
            return false;
        }

        var host = afterScheme[..hostLength];
        return !host.ContainsAnyInRange('A', 'Z') && IsPlainHost(host) && IsPlainPathAndQuery(afterScheme[hostLength..]);
    }

    /// <summary>The address to compare, or null when it is not plain and Uri must read it.</summary>
    public static string? Plain(ReadOnlySpan<char> url)
    {
        var length = PlainLength(url);
        if (length < 0)
        {
            return null;
        }

        var span = length <= 512 ? stackalloc char[length] : new char[length];
        return new string(Write(url, span));
    }

    /// <summary>How long the address to compare is before its final slashes are trimmed, or -1 when it is not plain.</summary>
    private static int PlainLength(ReadOnlySpan<char> url)
    {
        int schemeLength;
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            schemeLength = 5;
        }
        else if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            schemeLength = 4;
        }
        else
        {
            return -1;
        }

        Split(url[(schemeLength + 3)..], out var host, out var rest);
        if (!IsPlainHost(host) || !IsPlainPathAndQuery(rest))
        {
            return -1;
        }

        // Uri gives an empty path as "/", before the query too; the comparison then trims final slashes.
        var slash = rest.Length == 0 || rest[0] == '?' ? 1 : 0;
        return schemeLength + 3 + host.Length + slash + rest.Length;
    }

    /// <summary>What follows an address's scheme: its host, and the path and query after it.</summary>
    private static void Split(ReadOnlySpan<char> afterScheme, out ReadOnlySpan<char> host, out ReadOnlySpan<char> rest)
    {
        var hostLength = afterScheme.IndexOfAny('/', '?');
        if (hostLength < 0)
        {
            hostLength = afterScheme.Length;
        }

        host = afterScheme[..hostLength];
        rest = afterScheme[hostLength..];
    }

    /// <summary>The plain address <paramref name="url"/> to compare, written into <paramref name="span"/> (<see cref="PlainLength"/> long).</summary>
    private static ReadOnlySpan<char> Write(ReadOnlySpan<char> url, Span<char> span)
    {
        var schemeLength = url[4] == ':' ? 4 : 5;
        Split(url[(schemeLength + 3)..], out var host, out var rest);
        var slash = span.Length - (schemeLength + 3 + host.Length + rest.Length);
        url[..(schemeLength + 3)].ToLowerInvariant(span);
        host.ToLowerInvariant(span[(schemeLength + 3)..]);
        var at = schemeLength + 3 + host.Length;
        if (slash == 1)
        {
            span[at++] = '/';
        }

        rest.CopyTo(span[at..]);
        return span.TrimEnd('/');
    }

    /// <summary>Labels of ASCII letters, digits and inner hyphens, each starting with a letter (no IP address, no punycode).</summary>
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.Length is 0 or > 63 || !char.IsAsciiLetter(label[0]) || label[^1] == '-' || label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Only characters Uri leaves as they are, and no dot segment or empty segment for it to resolve.</summary>
    private static bool IsPlainPathAndQuery(ReadOnlySpan<char> rest)
    {
        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~' or '/' or '?' or '=' or '&'))
            {
                return false;
            }
        }

        return !rest.Contains("/.", StringComparison.Ordinal) && !rest.Contains("//", StringComparison.Ordinal);
    }
}
