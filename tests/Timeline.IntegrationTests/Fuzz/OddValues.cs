namespace Timeline.IntegrationTests.Fuzz;

/// <summary>Text that has broken parsers, databases and feeds before; every mutation draws from here.</summary>
public static class OddValues
{
    public static readonly string[] Strings =
    [
        "", " ", "\t", "null", "true", "0", "-1", "1e309", "NaN", "99999999999999999999999",
        "\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u2028", "\ufeff", "\uffff", "\ufffe",
        "\ud800", "\udc00x", "😀🇰🇵", "e\u0301\u0301\u0301", "\u202eevil", "ﷺ", "İı", "\u00a0",
        "../../etc/passwd", "%00", "%ff", "' OR 1=1 --", "\"; DROP TABLE events; --", "<script>alert(1)</script>", "]]>",
        "${jndi:ldap://x}", "{{7*7}}", "\\", "\\u0000", "*", "military.*.*", "..", "2024-13-45", "2024-02-30", "-2024",
        "20245", "2024-21", "9999-12-31/0001-01-01", "2024-XX-XX/..", "0001-01-01T00:00:00Z", "not a date",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "http://127.0.0.1:5432/",
        "http://169.254.169.254/latest", "file:///etc/passwd", "javascript:alert(1)", "mailto:x@y",
    ];

    /// <summary>Control characters PostgreSQL or XML cannot hold, and the ones the API keeps (tab, line feed, carriage return).</summary>
    public static readonly char[] Controls = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001f', '\u007f', '\u0080', '\u009f', '\t', '\n', '\r'];

    /// <summary>Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, overlong forms, a surrogate.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xff], [0xfe, 0xff], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
    ];

    public static string Pick(Random random) => Strings[random.Next(Strings.Length)];

    /// <summary>A long text: past column limits (10 000), and now and then past the body limit.</summary>
    public static string Huge(Random random) =>
        new(random.Next(4) == 0 ? 'あ' : 'x', random.Next(8) switch { 0 => 1_100_000, 1 or 2 => 100_000, 3 or 4 => 10_001, _ => 300 });
}
