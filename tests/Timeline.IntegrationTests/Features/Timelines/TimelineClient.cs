using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

/// <summary>Small helpers over the HTTP API for the timeline, access, operations and demo tests.</summary>
internal static class TimelineClient
{
    /// <summary>One page of <c>GET /api/timeline?{query}</c> (200 required).</summary>
    public static async Task<Page> Timeline(this HttpClient client, string query) =>
        await client.ReadPage($"/api/timeline?{query}");

    public static async Task<Page> ReadPage(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var body = await response.Json();
        var items = body["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.True(body.ContainsKey("nextCursor"), "a page always has nextCursor (null on the last page)");
        return new Page(items, (string?)body["nextCursor"]);
    }

    /// <summary>Walks every page of <paramref name="url"/> (which already has a query string) with the given limit.</summary>
    public static async Task<List<JsonObject>> AllPages(this HttpClient client, string url, int limit, Func<int, Task>? betweenPages = null)
    {
        var all = new List<JsonObject>();
        string? cursor = null;
        for (var page = 0; page < 1_000; page++)
        {
            var current = await client.ReadPage($"{url}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.True(current.Items.Count <= limit, $"a page holds at most limit={limit} items, got {current.Items.Count}");
            all.AddRange(current.Items);
            if (current.NextCursor is null)
            {
                return all;
            }

            Assert.Equal(limit, current.Items.Count);
            cursor = current.NextCursor;
            if (betweenPages is not null)
            {
                await betweenPages(page);
            }
        }

        Assert.Fail("paging did not end");
        return all;
    }

    public static string[] Ids(this IEnumerable<JsonObject> events) => [.. events.Select(e => e.Id())];

    public static string[] Titles(this IEnumerable<JsonObject> events) => [.. events.Select(e => (string)e["title"]!)];

    /// <summary>The contract's sort key: earliest (an open start first), then latest (an open end last), then id.</summary>
    public static (DateOnly Earliest, DateOnly Latest, string Id) SortKey(this JsonObject e) =>
        ((string?)e["earliest"] is { } earliest ? DateOnly.Parse(earliest, System.Globalization.CultureInfo.InvariantCulture) : DateOnly.MinValue,
         (string?)e["latest"] is { } latest ? DateOnly.Parse(latest, System.Globalization.CultureInfo.InvariantCulture) : DateOnly.MaxValue,
         e.Id());

    public static int CompareSortKeys(JsonObject a, JsonObject b)
    {
        var (ea, la, ia) = a.SortKey();
        var (eb, lb, ib) = b.SortKey();
        var c = ea.CompareTo(eb);
        if (c != 0)
        {
            return c;
        }

        c = la.CompareTo(lb);
        // UUIDs compare byte by byte in PostgreSQL: the same order as their lower-case hex text.
        return c != 0 ? c : string.CompareOrdinal(ia.ToLowerInvariant(), ib.ToLowerInvariant());
    }

    public static string Q(string value) => Uri.EscapeDataString(value);
}

internal sealed record Page(List<JsonObject> Items, string? NextCursor);
