using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// Query parameters under the camelCase names the API documents (<c>asOf</c>, <c>limit</c>, <c>cursor</c>). Those
/// bound with [AsParameters] were described by their C# property names (<c>AsOf</c>); binding ignores letter case, so
/// the camelCase name is the one accepted, and the one a generated client should send.
/// </summary>
public static class QueryParameterNames
{
    public static Task CamelCaseAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name && char.IsUpper(name[0]))
            {
                parameter.Name = char.ToLowerInvariant(name[0]) + name[1..];
            }
        }

        return Task.CompletedTask;
    }
}
