using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Timeline.BrowserTests.Support;

/// <summary>Setting the scene through the API itself, as another analyst would.</summary>
public static class ApiCalls
{
    public static async Task<JsonElement> RecordEventAsync(this HttpClient api, string title, string occurred = "2024-11-04",
        string[]? actors = null, string[]? tags = null, string type = "statement", string status = "reported", string summary = "")
    {
        var response = await api.PostAsJsonAsync("/api/events", new
        {
            title,
            summary,
            occurred,
            type,
            status,
            actors = actors ?? ["KP", "RU"],
            tags = tags ?? [],
            sources = new[] { new { url = "https://example.org/report", title = "A report", publisher = "Example News", published = "2024-11-05" } },
        });
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient api, string path)
    {
        using var response = await api.GetAsync(path);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Amends with a merge patch at the version given (If-Match).</summary>
    public static async Task<JsonElement> AmendAsync(this HttpClient api, string id, int version, object patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/events/{id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(patch), Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        using var response = await api.SendAsync(request);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        await EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Titles of the timeline's events for a query string, every page.</summary>
    public static async Task<List<string>> TimelineTitlesAsync(this HttpClient api, string query)
    {
        var titles = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.GetJsonAsync($"/api/timeline?{query}&limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            titles.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("title").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return titles;
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
