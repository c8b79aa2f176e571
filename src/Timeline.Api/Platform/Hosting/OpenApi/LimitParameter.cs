using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// <c>limit</c> is a whole number from 1 to 500 wherever it is taken. Some endpoints bind it as text (their validators
/// answer a bad one in their own words) and numbers are also read from strings, so the generated document said
/// "string" or "integer or string"; it says what the API accepts instead.
/// </summary>
public static class LimitParameter
{
    public static Task DescribeAsInteger(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && string.Equals(parameter.Name, "limit", StringComparison.OrdinalIgnoreCase))
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "500" };
            }
        }

        return Task.CompletedTask;
    }
}
