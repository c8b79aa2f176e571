using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Support;

/// <summary>The operations of /openapi/v1.json, each named as "GET /api/events/{id}".</summary>
public static class OpenApiOperations
{
    public static async Task<List<(string Name, JsonObject Operation)>> LoadAsync(HttpClient anonymous)
    {
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Json();
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!.AsObject())))
            .ToList();
    }

    /// <summary>The schema the document gives a component, e.g. "ProblemDetails".</summary>
    public static async Task<JsonObject> SchemaAsync(HttpClient anonymous, string name)
    {
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).Json();
        return document["components"]!["schemas"]![name]!.AsObject();
    }
}
