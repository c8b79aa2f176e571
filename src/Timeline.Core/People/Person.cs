namespace Timeline.Core.People;

/// <summary>
/// Someone who signs in with the organisation's identity provider, known by the provider's <c>sub</c> and issuer (never by
/// e-mail alone, which a provider may reassign). <see cref="Signature"/> is the name the person's records carry.
/// </summary>
public sealed class Person
{
    public Guid Id { get; set; }
    public string Issuer { get; set; } = "";
    public string Subject { get; set; } = "";

    /// <summary>The name the provider gave at the last sign-in.</summary>
    public string Name { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>What <c>recordedBy</c> and the other attributions say: the name at first sign-in, made unique among authors; never changes.</summary>
    public string Signature { get; set; } = "";

    /// <summary>The role the provider's role claim gave at the last sign-in.</summary>
    public string ClaimedRole { get; set; } = "";

    /// <summary>A role an admin set by hand; while set it is the person's role, whatever the provider says later.</summary>
    public string? GrantedRole { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Sessions started before this are over (signing out ends them everywhere).</summary>
    public DateTimeOffset? SessionsEndedAt { get; set; }

    public string Role => GrantedRole ?? ClaimedRole;
}

/// <summary>
/// Who a record's attribution names: a key or a person, by a name that is never given to anyone else (a revoked key's
/// name is not reused, two people of one name sign differently), so that <c>recordedBy</c> always leads to one id.
/// </summary>
public sealed class Author
{
    public string Name { get; set; } = "";

    /// <summary><c>key</c> or <c>person</c>.</summary>
    public string Kind { get; set; } = "";
    public Guid Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public const string Key = "key";
    public const string PersonKind = "person";
}

/// <summary>One entry of the audit log: who did what to whom, when, and from which address.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>What happened, e.g. <c>key.minted</c> (see <see cref="AuditActions"/>).</summary>
    public string Action { get; set; } = "";

    /// <summary>The author who acted (a key's or person's signature), or null when no one had signed in (a failed sign-in).</summary>
    public string? By { get; set; }
    public Guid? ById { get; set; }

    /// <summary>What it was done to: a kind and id, e.g. <c>key</c> and the key's id.</summary>
    public string? Target { get; set; }
    public string? TargetId { get; set; }
    public string Detail { get; set; } = "";
    public string? Address { get; set; }
}

public static class AuditActions
{
    public const string KeyMinted = "key.minted";
    public const string KeyRevoked = "key.revoked";
    public const string RoleChanged = "person.role-changed";
    public const string PersonFirstSeen = "person.first-seen";
    public const string SignInFailed = "sign-in.failed";
    public const string SubscriptionRemoved = "subscription.removed";
    public const string FeedTokenRevoked = "feed-token.revoked";
    public const string Imported = "events.imported";
}
