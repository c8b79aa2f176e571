using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public sealed class TimelinePagingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Open ends, ties on both dates (the id decides) and plain days: the hard cases for a keyset.</summary>
    private static readonly string[] Dates =
    [
        "2024-03-05", "../2024-03", "2024-03-05", "2024-03", "2024-03-05", "2024-03-01/..", "2024",
        "2024-03-05", "../2024-03", "2024-03-01/..", "2023", "2024-03-05", "2024-03-04",
    ];

    private async Task<List<JsonObject>> RecordAll(string tag)
    {
        var editor = await api.As("editor");
        var recorded = new List<JsonObject>();
        foreach (var d in Dates)
        {
            recorded.Add(await editor.Record(tag, d));
        }

        return recorded;
    }

    [Theory]
    [InlineData("asc", 1)]
    [InlineData("asc", 2)]
    [InlineData("asc", 5)]
    [InlineData("desc", 1)]
    [InlineData("desc", 3)]
    public async Task Cursor_paging_returns_every_event_exactly_once_in_order(string order, int limit)
    {
        var tag = Bodies.UniqueTag();
        var recorded = await RecordAll(tag);
        var reader = await api.As("reader");

        var paged = await reader.AllPages($"/api/timeline?tag={tag}&order={order}", limit);

        var expected = recorded.ToList();
        expected.Sort(TimelineClient.CompareSortKeys);
        if (order == "desc")
        {
            expected.Reverse();
        }

        Assert.Equal(expected.Ids(), paged.Ids());
        Assert.Equal(paged.Count, paged.Ids().Distinct().Count());
        // The unpaged answer agrees.
        Assert.Equal(expected.Ids(), (await reader.Timeline($"tag={tag}&order={order}&limit=500")).Items.Ids());
    }

    [Fact]
    public async Task Cursor_paging_stays_correct_while_events_are_inserted_between_pages()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var existing = new List<JsonObject>();
        for (var day = 1; day <= 12; day++)
        {
            existing.Add(await editor.Record(tag, $"2024-03-{day:00}", title: $"existing {day}"));
        }

        var reader = await api.As("reader");
        var inserted = new List<JsonObject>();
        var seen = new List<JsonObject>();
        var paged = await reader.AllPages($"/api/timeline?tag={tag}", 3, async page =>
        {
            if (page >= 3)
            {
                return;
            }

            // After each of the first pages: one event sorting before the cursor, one on the cursor's own date (a later id),
            // one far ahead of it, and one just ahead.
            inserted.Add(await editor.Record(tag, "2024-02-15", title: $"inserted before, page {page}"));
            inserted.Add(await editor.Record(tag, $"2024-03-{(page + 1) * 3:00}", title: $"inserted on the cursor's date, page {page}"));
            inserted.Add(await editor.Record(tag, "2024-04-30", title: $"inserted ahead, page {page}"));
            inserted.Add(await editor.Record(tag, "../2024-01", title: $"inserted open start, page {page}"));
        });

        // No duplicates, strictly in sort order, and no pre-existing event skipped.
        Assert.Equal(paged.Count, paged.Ids().Distinct().Count());
        for (var i = 1; i < paged.Count; i++)
        {
            Assert.True(TimelineClient.CompareSortKeys(paged[i - 1], paged[i]) < 0,
                $"'{paged[i - 1]["title"]}' ({paged[i - 1]["occurred"]}) came before '{paged[i]["title"]}' ({paged[i]["occurred"]})");
        }

        Assert.Equal(existing.Ids(), paged.Where(p => existing.Any(e => e.Id() == p.Id())).Ids());
        Assert.Equal(existing.Count, paged.Count(p => existing.Any(e => e.Id() == p.Id())));

        // What sorts after the last cursor handed out is still ahead of the reader, so it shows; what sorts before it cannot.
        Assert.NotEmpty(inserted);
        Assert.Contains(paged, p => ((string)p["title"]!).StartsWith("inserted ahead", StringComparison.Ordinal));
        Assert.DoesNotContain(paged, p => ((string)p["title"]!).StartsWith("inserted before", StringComparison.Ordinal));
        Assert.DoesNotContain(paged, p => ((string)p["title"]!).StartsWith("inserted open start", StringComparison.Ordinal));
        Assert.Contains(paged, p => (string?)p["title"] == "inserted on the cursor's date, page 0");
    }

    [Fact]
    public async Task Descending_cursor_paging_stays_correct_while_events_are_inserted_between_pages()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var existing = new List<JsonObject>();
        for (var day = 1; day <= 9; day++)
        {
            existing.Add(await editor.Record(tag, $"2024-03-{day:00}", title: $"existing {day}"));
        }

        existing.Reverse();
        var reader = await api.As("reader");
        var paged = await reader.AllPages($"/api/timeline?tag={tag}&order=desc", 2, async page =>
        {
            if (page >= 3)
            {
                return;
            }

            await editor.Record(tag, "2024-05-01", title: "inserted after (already passed in desc)");
            await editor.Record(tag, "2023-01-01", title: "inserted ahead in desc");
        });

        Assert.Equal(paged.Count, paged.Ids().Distinct().Count());
        for (var i = 1; i < paged.Count; i++)
        {
            Assert.True(TimelineClient.CompareSortKeys(paged[i - 1], paged[i]) > 0, "descending pages run in strictly descending order");
        }

        Assert.Equal(existing.Ids(), paged.Where(p => existing.Any(e => e.Id() == p.Id())).Ids());
        Assert.DoesNotContain(paged, p => ((string)p["title"]!).StartsWith("inserted after", StringComparison.Ordinal));
        Assert.Contains(paged, p => ((string)p["title"]!).StartsWith("inserted ahead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_keeps_its_filter_position_and_malformed_or_mismatched_cursors_are_400()
    {
        var tag = Bodies.UniqueTag();
        await RecordAll(tag);
        var reader = await api.As("reader");
        var first = await reader.Timeline($"tag={tag}&limit=2");
        Assert.NotNull(first.NextCursor);

        foreach (var query in new[]
        {
            $"tag={tag}&cursor=not-a-cursor",
            $"tag={tag}&cursor={TimelineClient.Q(first.NextCursor!)}&order=desc",
        })
        {
            var response = await reader.GetAsync($"/api/timeline?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
