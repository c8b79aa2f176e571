using System.Text.Json;
using Timeline.BrowserTests.Support;

namespace Timeline.BrowserTests.Serving;

/// <summary>shared/grade.js: the Admiralty grade written as analysts write it, run in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GradeWordsTests(PageServer server)
{
    public static TheoryData<string[], int?, string?, string?> Grades => new()
    {
        // The best reliability among the sources (A before F) with the event's credibility.
        { ["C", "A"], 3, "A3", "completely reliable, possibly true" },
        { ["F"], 6, "F6", "reliability cannot be judged, truth cannot be judged" },
        { ["E", "D"], 5, "D5", "not usually reliable, improbable" },
        // Either alone.
        { [], 2, "2", "probably true" },
        { ["B"], null, "B", "usually reliable" },
        // Neither: no grade at all.
        { [], null, null, null },
    };

    [Theory]
    [MemberData(nameof(Grades))]
    public async Task An_events_grade_reads_as_its_letter_and_digit_with_their_words(string[] reliabilities, int? credibility, string? text, string? words)
    {
        var e = new { credibility, sources = reliabilities.Select(r => new { url = "https://example.org/", reliability = r }).ToArray() };
        var grade = await server.WithModuleAsync<JsonElement>("shared/grade.js", "(m, e) => m.gradeOf(e)", e);
        if (text is null)
        {
            Assert.Equal(JsonValueKind.Null, grade.ValueKind);
            return;
        }

        Assert.Equal(text, grade.GetProperty("text").GetString());
        Assert.Equal(words, grade.GetProperty("words").GetString());
    }

    [Fact]
    public async Task A_source_without_a_grade_does_not_hide_the_others()
    {
        var e = new { credibility = 1, sources = new object[] { new { url = "https://example.org/a" }, new { url = "https://example.org/b", reliability = "B" } } };
        var grade = await server.WithModuleAsync<JsonElement>("shared/grade.js", "(m, e) => m.gradeOf(e)", e);
        Assert.Equal("B1", grade.GetProperty("text").GetString());
        Assert.Equal("source reliability B, credibility 1", grade.GetProperty("spelled").GetString());
    }
}
