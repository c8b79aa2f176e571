namespace Timeline.Core.Access;

/// <summary>
/// A read-only capability for the Atom feeds and the follow-ups calendar, passed as <c>?token=</c> by readers that
/// cannot send a header. It acts as the key that minted it, with at most reader rights. Only its SHA-256 is stored.
/// </summary>
public sealed class FeedToken
{
    public Guid Id { get; set; }
    public Guid KeyId { get; set; }
    public string Name { get; set; } = "";
    public byte[] TokenHash { get; set; } = [];

    /// <summary>The first characters of the token, to tell tokens apart in listings.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When a feed was last read with it, to the minute at best: it is written at most once a minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>What it opens: <c>calendar</c>, or <c>timeline:&lt;slug&gt;</c>; null for every feed and the calendar.</summary>
    public string? Scope { get; set; }
}
