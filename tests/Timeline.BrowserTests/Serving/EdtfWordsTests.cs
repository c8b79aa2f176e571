using System.Text.Json;
using Timeline.BrowserTests.Support;
using Timeline.Core.Dates;

namespace Timeline.BrowserTests.Serving;

/// <summary>shared/edtf-words.js (dates as people write them) and shared/edtf.js (the as-you-type check), run in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EdtfWordsTests(PageServer server)
{
    public static TheoryData<string, string> Words => new()
    {
        // single dates: a month alone reads in full, everything else short
        { "2024", "2024" },
        { "2024-06", "June 2024" },
        { "2024-10-23", "23 Oct 2024" },
        { "2024-06-01", "1 Jun 2024" },
        // qualifiers: ~ approximate, ? uncertain, % both
        { "2024-10~", "c. Oct 2024" },
        { "2024-10-23~", "c. 23 Oct 2024" },
        { "2023~", "c. 2023" },
        { "2024-10?", "Oct 2024?" },
        { "2024-10-23?", "23 Oct 2024?" },
        { "2024?", "? 2024" },
        { "2024-10%", "c. Oct 2024?" },
        { "2024%", "c. 2024?" },
        // unspecified digits
        { "202X", "2020s" },
        { "19XX", "1900–1999" },
        { "2024-XX", "a month in 2024" },
        { "2024-06-XX", "a day in June 2024" },
        { "202x", "2020s" },
        // intervals: shared parts written once
        { "2024-10-14/2024-10-20", "14–20 Oct 2024" },
        { "2024-06-19/2024-07-02", "19 Jun – 2 Jul 2024" },
        { "2024-06/2024-10", "Jun–Oct 2024" },
        { "2022/2024", "2022–2024" },
        { "2024-10-23/2024-10-23", "23 Oct 2024" },
        { "2022/2024-10", "2022 – Oct 2024" },
        { "2023-12-30/2024-01-02", "30 Dec 2023 – 2 Jan 2024" },
        { "2020-10~/2024-10-23", "c. Oct 2020 – 23 Oct 2024" },
        { "2024-10-14?/2024-10-20", "14 Oct 2024? – 20 Oct 2024" },
        // open and unknown ends
        { "../2024-10", "before Oct 2024" },
        { "../2024-10-23", "before 23 Oct 2024" },
        { "2024-06-19/..", "after 19 Jun 2024" },
        { "2024-06-19/", "19 Jun 2024 – ?" },
        { "/2024-10", "? – Oct 2024" },
        // not EDTF: shown as written
        { "2024-13", "2024-13" },
        { "June 2024", "June 2024" },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public async Task A_date_is_written_as_people_write_it(string edtf, string words) =>
        Assert.Equal(words, await server.WithModuleAsync<string>("shared/edtf-words.js", "(m, text) => m.edtfWords(text)", edtf));

    public static TheoryData<string> Dates => new()
    {
        "2024", "2024-06", "2024-10-23", "2024-02-29", "2023-02-29", "2024-10~", "2024-10?", "2024%", "202X", "20XX", "2XXX",
        "2024-XX", "2024-06-XX", "2024-XX-12", "202X-06", "2024-10-14/2024-10-20", "2024-10-20/2024-10-14", "../2024-10",
        "2024-06-19/..", "2024-06-19/", "/2024", "/", "../..", "2024-13", "2024-00", "2024-21", "2024-06-31", "2024-6",
        "24", "-2024", "Y20240", "2024-06-19T10:00", "2024 06", "{2024,2025}", "[2024..2025]", "2024~?", "?2024", "2024-1~0",
        "1985u", "0000", "2024/2025/2026", "2024-06-19-01", "2024-06-1X", "abc", "", "2024..2025", "0001",
    };

    /// <summary>The page's check agrees with the server's parser: the same dates accepted, the same reasons, the same days.</summary>
    [Theory]
    [MemberData(nameof(Dates))]
    public async Task The_check_as_typed_agrees_with_the_server(string text)
    {
        var page = await server.WithModuleAsync<JsonElement>("shared/edtf.js", """
            (m, text) => {
              const r = m.parseEdtf(text);
              if (!r.ok) return { ok: false, error: r.error };
              const start = r.interval ? r.start : r.date, end = r.interval ? r.end : r.date;
              return { ok: true, earliest: start ? start.earliest : null, latest: end ? end.latest : null };
            }
            """, text);

        if (EdtfDate.TryParse(text, out var date, out var error))
        {
            Assert.True(page.GetProperty("ok").GetBoolean(), $"the page rejects '{text}': {page}");
            Assert.Equal(date.Earliest?.ToString("yyyy-MM-dd"), page.GetProperty("earliest").GetString());
            Assert.Equal(date.Latest?.ToString("yyyy-MM-dd"), page.GetProperty("latest").GetString());
        }
        else
        {
            Assert.False(page.GetProperty("ok").GetBoolean(), $"the page accepts '{text}', the server says: {error}");
            Assert.Equal(error, page.GetProperty("error").GetString());
        }
    }
}
