using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Exports;

/// <summary>Downloads as a client fetches them, and the events the download tests record.</summary>
public static class DownloadSteps
{
    public static async Task<(string Body, HttpResponseMessage Response)> Download(HttpClient client, string pathAndQuery)
    {
        var response = await client.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return (body, response);
    }

    public static string[] Lines(string body) => body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Events of every precision and shape, with text a spreadsheet would run as a formula, under one tag.</summary>
    public static async Task<List<JsonObject>> RecordVariedEvents(HttpClient editor, string tag)
    {
        var bodies = new List<Dictionary<string, object?>>
        {
            With(Bodies.Event(tag, "2024-10-23", title: "=HYPERLINK(\"https://evil.example\",\"click\")", status: "confirmed"), credibility: 1),
            With(Bodies.Event(tag, "2024-06", type: "treaty.signed", title: "+Treaty signed \"in June\", in Pyongyang"), summary: "Line one.\nLine two, with a comma."),
            With(Bodies.Event(tag, "2022", type: "un.vote", actors: ["UN", "RU"], title: "-UN vote"), summary: "@SUM(A1:A9) Голосование"),
            Bodies.Event(tag, "2024-10-14/2024-10-20", type: "institution.formed", actors: ["KR", "UA"], title: "@Monitoring team formed"),
            Bodies.Event(tag, "2024-10~", title: "\tTroops approximately in October"),
        };
        var recorded = new List<JsonObject>();
        foreach (var body in bodies)
        {
            recorded.Add(await editor.Record(body));
        }

        return recorded;
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, int? credibility = null, string? summary = null)
    {
        if (credibility is not null)
        {
            body["credibility"] = credibility;
        }

        if (summary is not null)
        {
            body["summary"] = summary;
        }

        return body;
    }

    public static async Task CreateActor(HttpClient admin, object actor)
    {
        var response = await admin.PostAsJsonAsync("/api/actors", actor);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"actor: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
