using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Measures;

public static class MeasureSteps
{
    public static string NewCode() => "troops-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<string> RecordMeasure(HttpClient editor, string? code = null)
    {
        code ??= NewCode();
        var response = await editor.PostAsJsonAsync("/api/measures",
            new { code, name = "DPRK military personnel in Russia", unit = "persons", description = "Deployed to Russia's war" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    public static object WhiteHouse() => new
    {
        value = 3000, qualifier = "at-least", asOf = "2024-10-23",
        source = new
        {
            url = "https://www.whitehouse.gov/briefing-room/press-briefings/2024/10/23/", title = "Press briefing", publisher = "The White House",
            quote = "at least 3,000 soldiers", reliability = "B",
        },
    };

    public static object PublicReports() => new
    {
        value = 10000, qualifier = "about", asOf = "2024-10-25",
        source = new { url = "https://reports.example/dprk-troops", title = "Public reports", quote = "some public reports say 10,000", reliability = "C" },
    };

    public static async Task<JsonObject> RecordClaim(HttpClient editor, string measure, object body)
    {
        var response = await editor.PostAsJsonAsync($"/api/measures/{measure}/claims", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonObject> Summary(HttpClient client, string measure, string? asOf = null)
    {
        var response = await client.GetAsync($"/api/measures/{measure}" + (asOf is null ? "" : $"?asOf={Uri.EscapeDataString(asOf)}"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }
}
