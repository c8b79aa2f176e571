using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// Reads an amendment's body by the same rules as every other body (a member given twice is a 400), then reads each
/// string once: a parsed JSON object keeps its strings unread, so a lone escaped surrogate (<c>"\ud800"</c>) or a
/// control character would otherwise surface only while the patch is applied, as a server error.
/// </summary>
public static class MergePatchBody
{
    public static async Task<JsonObject> ReadAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/merge-patch+json" or "application/json"))
        {
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "send the amendment as application/merge-patch+json or application/json");
        }

        JsonNode? node;
        try
        {
            var document = new JsonDocumentOptions { AllowDuplicateProperties = options.AllowDuplicateProperties, MaxDepth = options.MaxDepth };
            node = await JsonNode.ParseAsync(request.Body, documentOptions: document, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            throw JsonProblems.From(ex);
        }

        var patch = node as JsonObject ?? throw ProblemException.BadRequest("body", "a merge patch is a JSON object");
        CheckStrings(patch);
        return patch;
    }

    private static void CheckStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, member) in o)
                {
                    CheckStrings(member);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    CheckStrings(item);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                string text;
                try
                {
                    text = v.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    throw ProblemException.BadRequest(Field(v), JsonProblems.LoneSurrogate);
                }

                if (StoredText.Problem(text) is { } problem)
                {
                    throw ProblemException.BadRequest(Field(v), problem);
                }

                break;
        }
    }

    private static string Field(JsonNode node) => node.GetPath() is "$" ? "body" : JsonProblems.JsonField(node.GetPath().TrimStart('$').TrimStart('.'));
}
