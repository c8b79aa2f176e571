namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>What each FtM schema becomes here; a schema not named is skipped and counted.</summary>
public static class FtmSchemata
{
    public const string Sanction = "Sanction";
    public const string Event = "Event";

    /// <summary>The schemata that become actors, and the kind of actor each is.</summary>
    private static readonly Dictionary<string, string> ActorKinds = new(StringComparer.Ordinal)
    {
        ["Person"] = "person",
        ["Company"] = "company",
        ["Organization"] = "organisation",
        ["LegalEntity"] = "organisation",
        ["PublicBody"] = "organisation",
        ["Vessel"] = "vessel",
        ["Airplane"] = "aircraft",
    };

    public static bool IsActor(string schema) => ActorKinds.ContainsKey(schema);

    /// <summary>The actor kind of an actor schema.</summary>
    public static string ActorKind(string schema) => ActorKinds[schema];
}
