using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// Checks a JSON value against a schema of the document: the subset of JSON Schema it uses (<c>$ref</c>, <c>type</c>,
/// <c>enum</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c>/<c>anyOf</c>,
/// <c>pattern</c>, <c>minimum</c>/<c>maximum</c> and the formats uuid, date and date-time). An empty schema allows anything.
/// </summary>
public sealed class SchemaChecker(ApiDocument document)
{
    /// <summary>Every way <paramref name="value"/> departs from <paramref name="schema"/>, each with its JSON path.</summary>
    public List<string> Check(JsonNode? value, JsonObject schema, string path = "$")
    {
        var errors = new List<string>();
        Check(value, document.Resolve(schema), path, errors);
        return errors;
    }

    private void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        var alternatives = (schema["oneOf"] ?? schema["anyOf"]) as JsonArray;
        if (alternatives is not null && !alternatives.Any(a => Check(value, a!.AsObject(), path).Count == 0))
        {
            errors.Add($"{path}: matches none of the {alternatives.Count} alternatives: {Shown(value)}");
            return;
        }

        var kind = KindOf(value);
        var types = Types(schema);
        if (types.Count > 0 && !types.Contains(kind) && !(kind == "integer" && types.Contains("number")))
        {
            errors.Add($"{path}: is {kind}, the document says {string.Join(" or ", types)}: {Shown(value)}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {Shown(value)} is not one of {allowed.ToJsonString()}");
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], document.Resolve(items), $"{path}[{i}]", errors);
                }

                break;
            case JsonValue scalar when kind == "string":
                CheckString((string)scalar!, schema, path, errors);
                break;
            case JsonValue number when kind is "integer" or "number":
                CheckNumber(number.GetValue<JsonElement>().GetDouble(), schema, path, errors);
                break;
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, List<string> errors)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add($"{path}: lacks the required member '{required}'");
            }
        }

        foreach (var (name, member) in obj)
        {
            if (properties[name] is JsonObject declared)
            {
                Check(member, document.Resolve(declared), $"{path}.{name}", errors);
            }
            else if (schema["additionalProperties"] is JsonObject extra)
            {
                Check(member, document.Resolve(extra), $"{path}.{name}", errors);
            }
            else if (schema["additionalProperties"] is JsonValue open && !(bool)open)
            {
                errors.Add($"{path}: has the member '{name}', which the document does not list");
            }
        }
    }

    private static void CheckString(string text, JsonObject schema, string path, List<string> errors)
    {
        var valid = (string?)schema["format"] switch
        {
            "uuid" => Guid.TryParseExact(text, "D", out _),
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T'),
            _ => true,
        };
        if (!valid)
        {
            errors.Add($"{path}: '{text}' is not a {schema["format"]}");
        }

        if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, (string)pattern!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{text}' does not match {pattern}");
        }
    }

    private static void CheckNumber(double number, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minimum"] is JsonNode min && number < double.Parse(min.ToString(), CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {number} is below the minimum {min}");
        }

        if (schema["maximum"] is JsonNode max && number > double.Parse(max.ToString(), CultureInfo.InvariantCulture))
        {
            errors.Add($"{path}: {number} is above the maximum {max}");
        }
    }

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToList(),
        JsonValue one => [(string)one!],
        _ => [],
    };

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ToJsonString().Contains('.') || value.ToJsonString().Contains('e') ? "number" : "integer",
    };

    private static string Shown(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
