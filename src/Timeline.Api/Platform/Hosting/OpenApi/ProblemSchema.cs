using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// Problem details (RFC 9457) as this API writes them (see ProblemJsonWriter): type, title, status and traceId always,
/// <c>errors</c> per field for invalid input, and members of their own on some (a 429's <c>limit</c>). The schema the
/// framework derives from its ProblemDetails class forbade any other member and left the strings untyped.
/// </summary>
public static class ProblemSchema
{
    public const string Name = "ProblemDetails";

    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Name] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details, as application/problem+json",
            Required = new HashSet<string> { "type", "title", "status", "traceId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("a URI naming the kind of problem"),
                ["title"] = Text("the kind of problem, in words"),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "the HTTP status" },
                ["detail"] = Text("what went wrong this time, and what to do"),
                ["instance"] = Text("the request it happened to"),
                ["traceId"] = Text("the request's trace id, to find it in the logs"),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "for invalid input: the reasons, per field (a JSON path into the body, or a parameter's name)",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["limit"] = Text("on a 429: the configuration name of the rate limit used up"),
            },
            AdditionalPropertiesAllowed = true,
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
