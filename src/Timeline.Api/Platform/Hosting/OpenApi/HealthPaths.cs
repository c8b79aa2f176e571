using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// The health endpoints, which MapHealthChecks maps without a description the document could be made from. Both
/// answer without a key and are never rate-limited; their answers are plain text (see ReadinessAnswer).
/// </summary>
public static class HealthPaths
{
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Paths ??= new OpenApiPaths();
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Health", Description = "liveness and readiness, for orchestrators and load balancers" });
        document.Paths["/health/live"] = Path(document, "Liveness: the process answers", new OpenApiResponses
        {
            ["200"] = Text("the process is up: Healthy"),
        });
        document.Paths["/health/ready"] = Path(document, "Readiness: the database is reachable and its schema current (and how the replica is, when there is one)", new OpenApiResponses
        {
            ["200"] = Text("ready: Healthy, or Degraded when the replica is away or paused (queries then read the primary); " +
                "checked in the background every few seconds. With an admin key, then a line for each failing check (with a " +
                "replica configured, for each database: schema: the primary, replica: the replica)"),
            ["503"] = Text("not ready: Unhealthy; with an admin key, then each failing check and why, one a line"),
        });
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Path(OpenApiDocument document, string summary, OpenApiResponses responses)
    {
        // RequestTextCheck reads the query of every request, these too.
        responses["400"] = new OpenApiResponse
        {
            Description = "the address holds a control character",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ErrorResponses.ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Name, document) },
            },
        };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    // Anyone may ask: no key.
                    Security = [],
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Text(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
    };
}
