using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timeline.Api.Platform.Http;

/// <summary>RFC 7396: members set to null are removed, objects merge, everything else replaces.</summary>
public static class MergePatch
{
    /// <summary>
    /// A record's writable fields amended by a patch: the fields as JSON, the patch merged in, read back by the rules of
    /// every body (a wrong type is a 400 naming the member). The caller validates the result as it would a new record.
    /// </summary>
    public static TFields Amend<TFields>(TFields current, JsonObject patch, JsonSerializerOptions options)
    {
        var merged = JsonSerializer.SerializeToNode(current, options)!.AsObject();
        Apply(merged, patch);
        try
        {
            return merged.Deserialize<TFields>(options)!;
        }
        catch (JsonException ex)
        {
            throw JsonProblems.From(ex);
        }
    }

    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
