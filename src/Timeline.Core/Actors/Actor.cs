namespace Timeline.Core.Actors;

/// <summary>A state, organisation, group or person, by a stable code (ISO 3166-1 alpha-2 for states).</summary>
public sealed class Actor
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary><c>state</c>, <c>organisation</c>, <c>group</c> or <c>person</c>.</summary>
    public string Kind { get; set; } = "";
    public string[] Aliases { get; set; } = [];
    public DateTimeOffset RecordedAt { get; set; }

    public static readonly string[] Kinds = ["state", "organisation", "group", "person"];
}
