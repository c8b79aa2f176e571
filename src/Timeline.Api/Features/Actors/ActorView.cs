using Timeline.Core.Actors;

namespace Timeline.Api.Features.Actors;

/// <summary>An actor as the API returns it; <see cref="Identifiers"/> maps each scheme to the actor's identifier in it.</summary>
public sealed record ActorView(
    string Code,
    string Name,
    string Kind,
    string[] Aliases,
    IReadOnlyDictionary<string, string> Identifiers,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int Version)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"{Version}\"";

    /// <summary>In a name search only: which of the actor's names matched the query, and how well.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ActorMatch? Match { get; init; }
}

public static class ActorViews
{
    public static ActorView ToView(this Actor a) => new(a.Code, a.Name, a.Kind, a.Aliases,
        IdentifierMap(a.Identifiers.Select(i => (i.Scheme, i.Value))), a.RecordedAt, a.UpdatedAt, a.UpdatedBy, a.Version);

    /// <summary>Schemes in a stable order, so that the same actor always reads the same.</summary>
    public static IReadOnlyDictionary<string, string> IdentifierMap(IEnumerable<(string Scheme, string Value)> identifiers)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (scheme, value) in identifiers)
        {
            map[scheme] = value;
        }

        return map;
    }
}
