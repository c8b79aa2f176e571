using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>One parameter of an operation, as the document describes it.</summary>
public sealed record ApiParameter(string Name, string In, JsonObject Schema, bool Required);

/// <summary>One operation of the document: what the fuzz suite sends, and what it expects back.</summary>
public sealed record ApiOperation(
    string Method,
    string Path,
    IReadOnlyList<ApiParameter> Parameters,
    IReadOnlyDictionary<string, JsonObject> RequestBodies,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonObject>> Responses)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The OpenAPI document the API serves, read as plain JSON: the operations, and <c>$ref</c>s resolved.</summary>
public sealed class ApiDocument(JsonObject root)
{
    private static readonly JsonObject Anything = [];

    public IReadOnlyList<ApiOperation> Operations { get; } = ReadOperations(root);

    /// <summary>The schema itself, or the one its <c>$ref</c> names (local references only, which is all the document uses).</summary>
    public JsonObject Resolve(JsonObject schema)
    {
        var seen = 0;
        while (schema["$ref"] is JsonValue reference && seen++ < 32)
        {
            JsonNode? node = root;
            foreach (var part in ((string)reference!).TrimStart('#', '/').Split('/'))
            {
                node = node?[part.Replace("~1", "/").Replace("~0", "~")];
            }

            schema = node as JsonObject ?? throw new InvalidOperationException($"unresolvable $ref {reference}");
        }

        return schema;
    }

    private static List<ApiOperation> ReadOperations(JsonObject root)
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            var shared = item!["parameters"] as JsonArray;
            foreach (var (method, operation) in item.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var parameters = (shared ?? []).Concat(operation!["parameters"] as JsonArray ?? []).Select(p => new ApiParameter(
                    (string)p!["name"]!, (string)p["in"]!, p["schema"] as JsonObject ?? Anything,
                    p["required"] is JsonValue required && (bool)required || (string)p["in"]! == "path")).ToList();
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters,
                    Content(operation!["requestBody"]?["content"]), Responses(operation["responses"] as JsonObject)));
            }
        }

        return operations;
    }

    private static Dictionary<string, JsonObject> Content(JsonNode? content) =>
        (content as JsonObject ?? []).ToDictionary(c => c.Key, c => c.Value?["schema"] as JsonObject ?? Anything);

    private static Dictionary<string, IReadOnlyDictionary<string, JsonObject>> Responses(JsonObject? responses) =>
        (responses ?? []).ToDictionary(r => r.Key, r => (IReadOnlyDictionary<string, JsonObject>)Content(r.Value?["content"]));
}
