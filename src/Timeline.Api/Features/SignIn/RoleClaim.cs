using System.Security.Claims;
using System.Text.Json;
using Timeline.Core.Access;

namespace Timeline.Api.Features.SignIn;

/// <summary>
/// The role a provider's claims give: the values at <see cref="OidcOptions.RoleClaim"/>'s path that name a role, the highest
/// winning, reader when none does. A path the claims do not hold at all is a misconfiguration, not a reader.
/// </summary>
public static class RoleClaim
{
    /// <summary>The role, or null when the claim (or a step of its path) is not there.</summary>
    public static string? RoleOf(ClaimsPrincipal principal, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Roles.Reader;
        }

        var steps = path.Split('.');
        var found = principal.FindAll(steps[0]).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        var values = new List<string>();
        var present = false;
        foreach (var claim in found)
        {
            if (steps.Length == 1)
            {
                present = true;
                values.AddRange(ValuesOf(claim.Value));
                continue;
            }

            // A nested claim arrives as JSON (e.g. realm_access = {"roles": [...]}): walk the rest of the path in it.
            if (!TryParse(claim.Value, out var json))
            {
                continue;
            }

            var node = json;
            var walked = true;
            foreach (var step in steps[1..])
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
                {
                    walked = false;
                    break;
                }
            }

            if (walked)
            {
                present = true;
                values.AddRange(node.ValueKind == JsonValueKind.Array
                    ? node.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
                    : node.ValueKind == JsonValueKind.String ? ValuesOf(node.GetString()!) : []);
            }
        }

        return present
            ? values.Where(Roles.All.Contains).OrderByDescending(Roles.Rank).FirstOrDefault() ?? Roles.Reader
            : null;
    }

    /// <summary>A claim's values: one, or a JSON array some providers send whole.</summary>
    private static IEnumerable<string> ValuesOf(string value) =>
        value.StartsWith('[') && TryParse(value, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool TryParse(string value, out JsonElement json)
    {
        try
        {
            json = JsonDocument.Parse(value).RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }
}
