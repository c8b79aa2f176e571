using Timeline.Core.Changes;

namespace Timeline.Core.Leads;

/// <summary>
/// One item a watch found, waiting to be triaged: recorded as an event (<c>accepted</c>), added to one as a further source
/// (<c>attached</c>) or <c>dismissed</c>. One per item of a watch (its guid/id, else its link): the key (watch, item)
/// is unique, so no two checks — on any instance — record an item twice.
/// </summary>
public sealed class Lead : IVersioned
{
    public Guid Id { get; set; }
    public Guid WatchId { get; set; }

    /// <summary>The item's guid or id as the feed gives it, else its link.</summary>
    public string ItemId { get; set; } = "";
    public string? Url { get; set; }
    public string Title { get; set; } = "";

    /// <summary>The item's text as plain text (HTML reduced).</summary>
    public string Text { get; set; } = "";
    public DateOnly? Published { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public string Status { get; set; } = LeadStatuses.New;

    /// <summary>Seen again with other text since it was found.</summary>
    public bool Changed { get; set; }

    /// <summary>Recorded actors its title and text name.</summary>
    public string[] Actors { get; set; } = [];
    public Guid? EventId { get; set; }

    /// <summary>Why it was dismissed.</summary>
    public string? Reason { get; set; }

    /// <summary>Its earlier texts, oldest first, as JSON (<c>[{ "title", "text", "seenAt" }]</c>).</summary>
    public string Previous { get; set; } = "[]";

    public int Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

public static class LeadStatuses
{
    public const string New = "new";
    public const string Accepted = "accepted";
    public const string Attached = "attached";
    public const string Dismissed = "dismissed";
    public static readonly string[] All = [New, Accepted, Attached, Dismissed];
}

/// <summary>Two events an editor said are not the same development: neither is suggested as the other's duplicate again. Kept once per pair, the smaller id first.</summary>
public sealed class EventDistinction
{
    public Guid EventId { get; set; }
    public Guid OtherId { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
}
