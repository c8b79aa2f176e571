namespace Timeline.Core.Access;

/// <summary>An API key. Only the SHA-256 of the secret is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public byte[] KeyHash { get; set; } = [];

    /// <summary>The first characters of the key, to tell keys apart in listings.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The person who minted it for themselves (a personal key); null for keys an admin mints for scripts.</summary>
    public Guid? PersonId { get; set; }

    /// <summary>When a request last came with it, to the minute at best: it is written at most once a minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The key a person's page session acts as (owning their subscriptions and feed tokens); it has no secret to give.</summary>
    public bool ForSignIn { get; set; }
}

public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public static readonly string[] All = [Reader, Editor, Admin];

    /// <summary>reader &lt; editor &lt; admin.</summary>
    public static int Rank(string role) => Array.IndexOf(All, role);
}
