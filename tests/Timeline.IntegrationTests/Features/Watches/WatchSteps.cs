using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Watches;

/// <summary>Steps the watch and lead tests share: make a watch, check it, read its leads.</summary>
public static class WatchSteps
{
    public static string NewActorCode() => "ORG-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public static async Task<string> RecordActor(HttpClient editor, string name, string[]? aliases = null, object? identifiers = null,
        string kind = "organisation")
    {
        var code = NewActorCode();
        var response = await editor.PostAsJsonAsync("/api/actors", new { code, name, kind, aliases = aliases ?? [], identifiers });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    public static async Task<JsonObject> CreateWatch(HttpClient editor, string url, string[]? exclude = null, string[]? include = null,
        string every = "PT15M", string? reliability = "B", string name = "Sanctions monitor")
    {
        var response = await editor.PostAsJsonAsync("/api/watches", new { name, url, every, include = include ?? [], exclude = exclude ?? [], reliability });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonObject> Check(HttpClient editor, JsonObject watch)
    {
        var response = await editor.PostAsync($"/api/watches/{watch["id"]}/check", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static void AssertCounts(JsonObject check, int @new, int changed, int unchanged, int skipped)
    {
        var found = ((int)check["new"]!, (int)check["changed"]!, (int)check["unchanged"]!, (int)check["skipped"]!);
        Assert.True(found == (@new, changed, unchanged, skipped), $"expected new {@new}, changed {changed}, unchanged {unchanged}, skipped {skipped}: {check}");
    }

    public static async Task<List<JsonObject>> LeadsOf(HttpClient client, JsonObject watch, string query = "")
    {
        var response = await client.GetAsync($"/api/leads?watch={watch["id"]}&limit=100{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Json())["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    public static async Task<JsonObject> Watch(HttpClient client, JsonObject watch) => await (await client.GetAsync($"/api/watches/{watch["id"]}")).Json();
}
