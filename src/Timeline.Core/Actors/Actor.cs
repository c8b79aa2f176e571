using NpgsqlTypes;

namespace Timeline.Core.Actors;

/// <summary>
/// An entity the timeline follows: a state, organisation, person, company, vessel or aircraft, by a stable code
/// (ISO 3166-1 alpha-2 for states), known to other tools by its <see cref="Identifiers"/>.
/// </summary>
public sealed class Actor : Timeline.Core.Changes.IVersioned
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string[] Aliases { get; set; } = [];

    /// <summary>At most one per scheme; each (scheme, value) belongs to one actor only.</summary>
    public List<ActorIdentifier> Identifiers { get; set; } = [];

    /// <summary>The aliases joined, so that the generated search vector covers them (a generated column cannot join an array).</summary>
    public string SearchNames { get; set; } = "";

    public NpgsqlTsVector SearchVector { get; set; } = null!;

    /// <summary>Its name and aliases with their search keys; loaded to amend, written with the actor.</summary>
    public List<ActorName> Names { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int Version { get; set; } = 1;

    public const string State = "state";
    public static readonly string[] Kinds = [State, "organisation", "person", "company", "vessel", "aircraft"];

    /// <summary>Makes <see cref="Names"/> the name and the aliases, keeping the rows of names that stay (the collection must be loaded).</summary>
    public void KeepNamesInStep()
    {
        var wanted = Aliases.Prepend(Name).Distinct(StringComparer.Ordinal).ToList();
        Names.RemoveAll(n => !wanted.Contains(n.Name, StringComparer.Ordinal));
        Names.AddRange(wanted.Where(w => !Names.Any(n => n.Name == w)).Select(w => ActorName.Of(Code, w)));
    }

    /// <summary>Writes this version into a new revision row.</summary>
    public ActorRevision ToRevision(string change) => new()
    {
        Id = Guid.CreateVersion7(UpdatedAt),
        ActorCode = Code,
        Version = Version,
        Change = change,
        ChangedAt = UpdatedAt,
        ChangedBy = UpdatedBy,
        Name = Name,
        Kind = Kind,
        Aliases = [.. Aliases],
        Identifiers = [.. Identifiers.OrderBy(i => i.Scheme, StringComparer.Ordinal).Select(i => i.Scheme + ":" + i.Value)],
    };
}

/// <summary>One identifier of an actor in a scheme other tools share (<see cref="IdentifierSchemes"/>).</summary>
public sealed class ActorIdentifier
{
    public string Scheme { get; set; } = "";
    public string Value { get; set; } = "";
    public string ActorCode { get; set; } = "";
}

/// <summary>One version of an actor: what it said, who made it and when.</summary>
public sealed class ActorRevision
{
    public Guid Id { get; set; }
    public string ActorCode { get; set; } = "";
    public int Version { get; set; }

    /// <summary><c>recorded</c> or <c>amended</c>.</summary>
    public string Change { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string[] Aliases { get; set; } = [];

    /// <summary>As <c>scheme:value</c>, ordered by scheme.</summary>
    public string[] Identifiers { get; set; } = [];
}
