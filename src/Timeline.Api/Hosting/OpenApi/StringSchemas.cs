using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Hosting.OpenApi;

/// <summary>
/// Every string is read through StoredTextConverter (which refuses control characters), and the schema generator
/// cannot see through a custom converter, so it described each string as anything (<c>{}</c>). It is a string; a
/// member annotated nullable may also be null.
/// </summary>
public static class StringSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null && schema.AnyOf is null && schema.OneOf is null)
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
