namespace Timeline.Core.Leads;

/// <summary>
/// A source polled for new items (an RSS 2.0, Atom or JSON Feed, or FtM JSON lines): each new item becomes a
/// <see cref="Lead"/>. Its schedule and its last answer are kept on it, so that any instance can poll it next.
/// </summary>
public sealed class Watch
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>An ISO 8601 duration as given, e.g. <c>PT15M</c>; <see cref="EverySeconds"/> is what the schedule uses.</summary>
    public string Every { get; set; } = "";
    public int EverySeconds { get; set; }
    public string[] Include { get; set; } = [];
    public string[] Exclude { get; set; } = [];

    /// <summary>The Admiralty grade (A–F) a lead's source gets when it is recorded as an event.</summary>
    public string? Reliability { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>What the last check found, in words: <c>ok: 2 new, …</c>, <c>not modified</c>, or why it failed.</summary>
    public string? LastStatus { get; set; }
    public DateTimeOffset NextCheckAt { get; set; }

    /// <summary>Checks failed in a row: the next one waits longer each time.</summary>
    public int Failures { get; set; }

    /// <summary>The source's validators from its last full answer, sent back on the next check (conditional GET).</summary>
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
}
