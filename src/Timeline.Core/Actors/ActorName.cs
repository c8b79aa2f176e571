namespace Timeline.Core.Actors;

/// <summary>
/// One of an actor's names (its name or an alias) with the keys search compares (<see cref="NameKeys"/>), kept in step
/// with the actor by <see cref="Actor.KeepNamesInStep"/>.
/// </summary>
public sealed class ActorName
{
    public string ActorCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string Sound { get; set; } = "";

    /// <summary>The words search narrows to names by (<see cref="NameWords"/>), kept with the keys.</summary>
    public string[] Words { get; set; } = [];

    public static ActorName Of(string actorCode, string name)
    {
        var key = NameKeys.Key(name);
        var sound = NameKeys.Sound(key);
        return new ActorName { ActorCode = actorCode, Name = name, Key = key, Sound = sound, Words = NameWords.Of(key, sound) };
    }
}
