using System.Text;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>Builds a schema-valid request for an operation: its parameters, its body and the headers it needs.</summary>
public sealed class RequestFactory(ApiDocument document)
{
    public FuzzRequest Valid(ApiOperation operation, string role, Random random, FuzzTargets targets)
    {
        var samples = new SampleValues(document, targets, random);
        var request = new FuzzRequest(operation, role, Path(operation, samples, targets));
        foreach (var parameter in operation.Parameters.Where(p => p.In != "path" && samples.Include(p.Name, p.Required)))
        {
            var sample = samples.For(parameter.Schema, parameter.Name, operation.Path);
            var values = sample is JsonArray many ? many.Select(Scalar).ToList() : [Scalar(sample)];
            foreach (var value in values)
            {
                if (parameter.In == "query")
                {
                    request.Query.Add((parameter.Name, Uri.EscapeDataString(value)));
                }
                else if (parameter.In == "header")
                {
                    request.SetHeader(parameter.Name, value);
                }
            }
        }

        if (operation.RequestBodies.Count > 0)
        {
            var (contentType, schema) = operation.RequestBodies.ElementAt(random.Next(operation.RequestBodies.Count));
            request.ContentType = contentType;
            request.Body = Body(contentType, samples.For(schema, "body", operation.Path), random);
        }

        if (operation.Method == "PATCH")
        {
            // The ETag of a new event's first version.
            request.SetHeader("If-Match", random.Next(2) == 0 ? "\"1\"" : "W/\"1\"");
        }

        return request;
    }

    private static string Path(ApiOperation operation, SampleValues samples, FuzzTargets targets) =>
        string.Join('/', operation.Path.Split('/').Select(segment => segment switch
        {
            "{id}" when operation.Path.StartsWith("/api/events/", StringComparison.Ordinal) => targets.EventId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/follow-ups/", StringComparison.Ordinal) => targets.FollowUpId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/subscriptions/", StringComparison.Ordinal) => targets.SubscriptionId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/keys/", StringComparison.Ordinal) => targets.KeyId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/claims/", StringComparison.Ordinal) => targets.ClaimId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/watches/", StringComparison.Ordinal) => targets.WatchId.ToString(),
            "{id}" when operation.Path.StartsWith("/api/leads/", StringComparison.Ordinal) => targets.LeadId.ToString(),
            "{code}" when operation.Path.StartsWith("/api/measures/", StringComparison.Ordinal) => targets.MeasureCode,
            "{code}" when operation.Path.StartsWith("/api/places/", StringComparison.Ordinal) => targets.PlaceCode,
            // Every installation has the configured admin key's author.
            "{name}" when operation.Path.StartsWith("/api/authors/", StringComparison.Ordinal) => "admin",
            "{code}" => targets.ActorCode,
            "{slug}" => targets.Slug,
            ['{', .., '}'] => Uri.EscapeDataString(Scalar(samples.For(
                operation.Parameters.First(p => p.Name == segment[1..^1]).Schema, segment[1..^1], operation.Path))),
            _ => segment,
        }));

    /// <summary>JSON for JSON types; NDJSON lines; for CSV, the header and row an importer writes.</summary>
    private static byte[] Body(string contentType, JsonNode? sample, Random random) => contentType switch
    {
        "application/x-ndjson" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => sample?.ToJsonString() + "\n"))),
        "text/csv" => Encoding.UTF8.GetBytes(Csv(sample as JsonObject ?? [])),
        _ => Encoding.UTF8.GetBytes(sample?.ToJsonString() ?? "null"),
    };

    private static string Csv(JsonObject line)
    {
        var source = line["sources"]?[0] as JsonObject ?? [];
        var cells = new (string Column, JsonNode? Value)[]
        {
            ("title", line["title"]), ("occurred", line["occurred"]), ("type", line["type"]), ("actors", line["actors"]),
            ("tags", line["tags"]), ("source_url", source["url"]), ("source_title", source["title"]), ("externalId", line["externalId"]),
        };
        return string.Join(',', cells.Select(c => c.Column)) + "\n" + string.Join(',', cells.Select(c => Quoted(c.Value))) + "\n";
    }

    private static string Quoted(JsonNode? value)
    {
        var text = value is JsonArray list ? string.Join(';', list.Select(Scalar)) : Scalar(value);
        return $"\"{text.Replace("\"", "\"\"")}\"";
    }

    public static string Scalar(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => (string)v!,
        _ => value.ToJsonString(),
    };
}
