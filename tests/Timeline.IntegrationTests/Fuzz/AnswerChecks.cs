using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// What every answer must be: never a 5xx; every 4xx RFC 9457 problem details with its status and a title, a 400
/// naming the fields at fault; every 2xx a documented status whose JSON body fits the documented schema.
/// </summary>
public sealed class AnswerChecks(SchemaChecker schemas)
{
    public List<string> Check(FuzzRequest request, FuzzAnswer answer)
    {
        if (answer.Failure is not null)
        {
            return [answer.Failure];
        }

        if (request.Role == "anonymous" && request.Mutation == "valid" && answer.Status != 401)
        {
            return [$"without a key the answer is {answer.Status}, not 401"];
        }

        return answer.Status switch
        {
            >= 500 => [$"a server error, {answer.Status}"],
            // An answer to HEAD has no body to check.
            _ when request.Method == "HEAD" => [],
            >= 400 => Problem(answer),
            >= 200 and < 300 => Success(request.Operation, answer),
            _ => [],
        };
    }

    private static List<string> Problem(FuzzAnswer answer)
    {
        if (answer.MediaType != "application/problem+json")
        {
            return [$"a {answer.Status} as {answer.MediaType ?? "no media type"}, not application/problem+json"];
        }

        if (Parse(answer.Body) is not JsonObject problem)
        {
            return [$"a {answer.Status} whose body is not a JSON object"];
        }

        var errors = new List<string>();
        if (problem["status"] is not JsonValue status || status.GetValueKind() != JsonValueKind.Number || (int)status != answer.Status)
        {
            errors.Add($"the problem's status is {problem["status"]?.ToJsonString() ?? "missing"}, the answer's {answer.Status}");
        }

        if (problem["title"] is not JsonValue title || string.IsNullOrWhiteSpace((string?)title))
        {
            errors.Add("the problem has no title");
        }

        if (answer.Status == 400)
        {
            var fields = problem["errors"] as JsonObject;
            if (fields is null || fields.Count == 0)
            {
                errors.Add("a 400 that names no field (no errors object)");
            }
            else if (fields.Any(f => string.IsNullOrWhiteSpace(f.Key) || f.Value is not JsonArray { Count: > 0 } reasons
                         || reasons.Any(r => string.IsNullOrWhiteSpace(r?.GetValueKind() == JsonValueKind.String ? (string?)r : null))))
            {
                errors.Add("a 400 whose errors are not each a field with its reasons");
            }
        }

        return errors;
    }

    private List<string> Success(ApiOperation operation, FuzzAnswer answer)
    {
        if (!operation.Responses.TryGetValue(answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var content))
        {
            return [$"{answer.Status} is not among the documented answers ({string.Join(", ", operation.Responses.Keys)})"];
        }

        if (content.Count > 0 && answer.Body.Length > 0 && !content.ContainsKey(answer.MediaType ?? ""))
        {
            return [$"a {answer.Status} as {answer.MediaType}, not as documented ({string.Join(", ", content.Keys)})"];
        }

        if (answer.MediaType == "application/x-ndjson")
        {
            var lines = answer.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var whole = answer.Body.Length < FuzzAnswer.MaxBodyChars ? lines : lines[..^1];
            return whole.Any(l => Parse(l) is not JsonObject) ? ["an NDJSON answer with a line that is not a JSON object"] : [];
        }

        if (answer.MediaType == "application/json" && content.TryGetValue("application/json", out var schema))
        {
            return Parse(answer.Body) is { } body
                ? [.. schemas.Check(body, schema).Select(e => $"the body departs from the documented schema: {e}")]
                : ["a JSON answer that is not JSON"];
        }

        if (answer.MediaType is "application/atom+xml" or "application/xml")
        {
            try
            {
                System.Xml.Linq.XDocument.Parse(answer.Body);
            }
            catch (System.Xml.XmlException e)
            {
                return [$"the feed is not well-formed XML: {e.Message}"];
            }
        }

        return [];
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
