using System.Text.RegularExpressions;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// The framework's messages for a query, route or header value it cannot bind ("Failed to bind parameter
/// "Nullable&lt;Guid&gt; subscription" from "x"."), turned into a 400 that names the parameter and says what it takes;
/// the message itself repeats the value whole, however long.
/// </summary>
public static partial class BindingProblems
{
    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex NotBound();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex NotGiven();

    /// <summary>The problem for a binding failure, or null when the message is not one.</summary>
    public static ProblemException? From(string message)
    {
        if (NotBound().Match(message) is { Success: true } bound)
        {
            return ProblemException.BadRequest(Name(bound), $"must be {Expected(bound.Groups["type"].Value)}, not '{EchoedValue.Cut(bound.Groups["value"].Value)}'");
        }

        return NotGiven().Match(message) is { Success: true } missing ? ProblemException.BadRequest(Name(missing), "is required") : null;
    }

    private static string Name(Match match) => JsonProblems.JsonField(match.Groups["name"].Value);

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Guid", StringComparison.Ordinal) => "a UUID",
        _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number",
        _ when type.Contains("DateTime", StringComparison.Ordinal) => "an RFC 3339 instant",
        _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ => "a " + type,
    };
}
