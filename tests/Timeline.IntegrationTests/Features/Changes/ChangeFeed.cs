using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

/// <summary>A client of <c>GET /api/changes</c>, as a syncing tool would read it: page after page from a cursor.</summary>
public static class ChangeFeed
{
    /// <summary>Every change after the cursor, to the end of what the log shows now, and the cursor to poll from next.</summary>
    public static async Task<(List<JsonObject> Changes, string Cursor)> ReadAllAsync(HttpClient client, string? after = null, string query = "limit=100")
    {
        var changes = new List<JsonObject>();
        var cursor = after;
        while (true)
        {
            var page = await PageAsync(client, cursor, query);
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            changes.AddRange(items);
            cursor = (string)page["nextCursor"]!;
            if (items.Count == 0)
            {
                return (changes, cursor);
            }
        }
    }

    /// <summary>
    /// The changes that satisfy <paramref name="wanted"/>, once there are <paramref name="count"/> of them: the log shows
    /// a change only when every older transaction on the cluster has ended, so another test's long write delays it.
    /// </summary>
    public static async Task<List<JsonObject>> WaitForAsync(HttpClient client, string query, Func<JsonObject, bool> wanted, int count)
    {
        var found = new List<JsonObject>();
        await Wait.Eventually(async () =>
        {
            var (changes, _) = await ReadAllAsync(client, query: query);
            found = changes.Where(wanted).ToList();
            return found.Count >= count;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        return found;
    }

    public static async Task<JsonObject> PageAsync(HttpClient client, string? after, string query = "limit=100")
    {
        var response = await client.GetAsync("/api/changes?" + query + (after is null ? "" : "&after=" + after));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>A position as the log orders it: the transaction, then the sequence.</summary>
    public static (ulong Transaction, long Sequence) Position(JsonObject change)
    {
        var parts = ((string)change["position"]!).Split('-');
        return (ulong.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static bool InLogOrder(IReadOnlyList<JsonObject> changes) =>
        changes.Zip(changes.Skip(1)).All(p => Position(p.First).CompareTo(Position(p.Second)) < 0);
}
