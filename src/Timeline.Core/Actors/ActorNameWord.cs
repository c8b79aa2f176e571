namespace Timeline.Core.Actors;

/// <summary>
/// A word of some recorded name's key or sound, once: the words search looks up as alternatives to a query's word
/// (spelt alike, or begun by it). Kept by a trigger on the names; a word no name holds any more stays, harmlessly.
/// </summary>
public sealed class ActorNameWord
{
    public string Word { get; set; } = "";
}
