using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// Every string is read through StoredTextConverter (which refuses control characters), and the schema generator
/// cannot see through a custom converter, so it described each string as anything (<c>{}</c>) and each list of strings
/// as a list of anything. They are strings; a member annotated nullable may also be null.
/// </summary>
public static class StringSchemas
{
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        Describe(schema, context.JsonTypeInfo.Type, context.JsonPropertyInfo is { IsGetNullable: true });
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema, Type type, bool nullable)
    {
        if (type == typeof(string))
        {
            if (schema.Type is null && schema.AnyOf is null && schema.OneOf is null)
            {
                schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            }

            return;
        }

        // string[], List<string>, and dictionaries of them (a problem's errors), however deep.
        if (ElementOf(type) is not { } element || (element != typeof(string) && ElementOf(element) != typeof(string)))
        {
            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is null or OpenApiSchema { Type: null })
        {
            var items = schema.Items as OpenApiSchema ?? new OpenApiSchema();
            Describe(items, element, nullable: false);
            schema.Items = items;
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.Object) == true && schema.AdditionalProperties is null or { Type: null } or { Type: JsonSchemaType.Array, Items: null })
        {
            var values = schema.AdditionalProperties as OpenApiSchema ?? new OpenApiSchema();
            values.Type ??= element == typeof(string) ? null : JsonSchemaType.Array;
            Describe(values, element, nullable: false);
            schema.AdditionalProperties = values;
        }
    }

    /// <summary>The values of a dictionary, or the items of a list; null for anything else.</summary>
    private static Type? ElementOf(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
                   ?.GetGenericArguments()[1]
               ?? generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
