using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Hosting;

/// <summary>
/// Every string is read through the API's own converter (which refuses control characters), and a type with a
/// converter of its own is described as anything: the generated document typed no string member at all. It says
/// "string" again, and "string or null" where the member is declared nullable.
/// </summary>
public static class TextSchema
{
    public static Task DescribeAsString(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null && schema.OneOf is null && schema.AnyOf is null)
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
