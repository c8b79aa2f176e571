using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Support;

public static class JsonExtensions
{
    /// <summary>The id of a record as the API answered it.</summary>
    public static string Id(this JsonObject record) => (string)record["id"]!;

    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> JsonArray(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonArray>())!;
}
