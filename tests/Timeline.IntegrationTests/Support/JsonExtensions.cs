using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Support;

public static class JsonExtensions
{
    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonArray> JsonArray(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonArray>())!;
}
