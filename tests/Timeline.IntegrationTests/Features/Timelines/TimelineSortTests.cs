using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

public sealed class TimelineSortTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Events of every kind of span, recorded out of order; returns them by name.</summary>
    private async Task<Dictionary<string, JsonObject>> RecordSpans(string tag)
    {
        var editor = await api.As("editor");
        var events = new Dictionary<string, JsonObject>();
        foreach (var (name, occurred) in new[]
        {
            ("openEnd", "2024-06-19/.."),
            ("year", "2024"),
            ("tieA", "2024-10-23"),
            ("openStart", "../2024-10"),
            ("month", "2024-06"),
            ("day", "2024-06-01"),
            ("tieB", "2024-10-23"),
            ("earlyYear", "2023~"),
        })
        {
            events[name] = await editor.Record(tag, occurred, title: name);
        }

        return events;
    }

    [Fact]
    public async Task Ascending_order_is_earliest_then_latest_then_id_with_open_starts_first()
    {
        var tag = Bodies.UniqueTag();
        var e = await RecordSpans(tag);
        var reader = await api.As("reader");

        var page = await reader.Timeline($"tag={tag}&order=asc");

        // openStart: -inf..2024-10-31; earlyYear: 2023-01-01..2023-12-31; year: 2024-01-01..2024-12-31;
        // day: 06-01..06-01 before month: 06-01..06-30 (same earliest, smaller latest); openEnd: 06-19..+inf;
        // the two 2024-10-23 events by id.
        var ties = new[] { e["tieA"].Id(), e["tieB"].Id() }.OrderBy(id => id, StringComparer.Ordinal).ToArray();
        string[] expected = [e["openStart"].Id(), e["earlyYear"].Id(), e["year"].Id(), e["day"].Id(), e["month"].Id(), e["openEnd"].Id(), .. ties];
        Assert.Equal(expected, page.Items.Ids());
        Assert.Null(page.NextCursor);

        var first = page.Items[0];
        Assert.Null((string?)first["earliest"]);
        Assert.Equal("2024-10-31", (string?)first["latest"]);
        var openEnd = page.Items.Single(i => i.Id() == e["openEnd"].Id());
        Assert.Equal("2024-06-19", (string?)openEnd["earliest"]);
        Assert.Null((string?)openEnd["latest"]);
    }

    [Fact]
    public async Task Ascending_is_the_default_order()
    {
        var tag = Bodies.UniqueTag();
        await RecordSpans(tag);
        var reader = await api.As("reader");

        var byDefault = await reader.Timeline($"tag={tag}");
        var asc = await reader.Timeline($"tag={tag}&order=asc");

        Assert.Equal(asc.Items.Ids(), byDefault.Items.Ids());
        Assert.Equal("openStart", (string?)byDefault.Items[0]["title"]);
    }

    [Fact]
    public async Task Descending_order_is_the_exact_reverse_with_open_starts_last()
    {
        var tag = Bodies.UniqueTag();
        var e = await RecordSpans(tag);
        var reader = await api.As("reader");

        var desc = await reader.Timeline($"tag={tag}&order=desc");

        var ties = new[] { e["tieA"].Id(), e["tieB"].Id() }.OrderByDescending(id => id, StringComparer.Ordinal).ToArray();
        string[] expected = [.. ties, e["openEnd"].Id(), e["month"].Id(), e["day"].Id(), e["year"].Id(), e["earlyYear"].Id(), e["openStart"].Id()];
        Assert.Equal(expected, desc.Items.Ids());
    }

    [Fact]
    public async Task Items_are_sorted_by_the_contract_key_for_many_equal_and_overlapping_dates()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        string[] dates = ["2024-10-23", "2024-10", "2024-10-23", "2024-10~", "2024-10-XX", "2024-10-14/2024-10-20", "2024-10-23", "../2024-10-23", "2024-10-01/..", "2024-10-23?"];
        foreach (var d in dates)
        {
            await editor.Record(tag, d);
        }

        var reader = await api.As("reader");
        var asc = (await reader.Timeline($"tag={tag}")).Items;
        var desc = (await reader.Timeline($"tag={tag}&order=desc")).Items;

        Assert.Equal(dates.Length, asc.Count);
        var sorted = asc.ToList();
        sorted.Sort(TimelineClient.CompareSortKeys);
        Assert.Equal(sorted.Ids(), asc.Ids());
        Assert.Equal(asc.Ids().Reverse(), desc.Ids());
    }

    [Fact]
    public async Task An_unknown_order_is_a_400_problem()
    {
        var reader = await api.As("reader");
        var response = await reader.GetAsync("/api/timeline?order=sideways");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Json())["errors"]!.AsObject().ContainsKey("order"));
    }
}
