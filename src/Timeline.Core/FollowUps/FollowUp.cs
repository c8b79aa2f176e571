namespace Timeline.Core.FollowUps;

/// <summary>A development expected after an event, by a due date (EDTF); fulfilled by linking a later event.</summary>
public sealed class FollowUp : Timeline.Core.Changes.IVersioned
{
    public Guid Id { get; set; }
    public Guid EventId { get; set; }
    public string Description { get; set; } = "";

    /// <summary>The due date's EDTF text as written.</summary>
    public string Due { get; set; } = "";

    /// <summary>First day of the due date; <see cref="DateOnly.MinValue"/> for an open start.</summary>
    public DateOnly DueEarliest { get; set; }

    /// <summary>Last day of the due date; <see cref="DateOnly.MaxValue"/> for an open end, which never falls overdue.</summary>
    public DateOnly DueLatest { get; set; }

    /// <summary><c>open</c>, <c>fulfilled</c>, <c>overdue</c> or <c>cancelled</c>.</summary>
    public string Status { get; set; } = FollowUpStatuses.Open;
    public Guid? FulfilledBy { get; set; }
    public string? CancellationReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    /// <summary>1 when expected; one more with each transition (overdue, fulfilled, cancelled).</summary>
    public int Version { get; set; } = 1;
}

public static class FollowUpStatuses
{
    public const string Open = "open";
    public const string Fulfilled = "fulfilled";
    public const string Overdue = "overdue";
    public const string Cancelled = "cancelled";
    public static readonly string[] All = [Open, Fulfilled, Overdue, Cancelled];
}

/// <summary>
/// That a follow-up's <c>followup.due</c> or <c>followup.overdue</c> was raised. Its primary key makes the
/// scheduled check raise each at most once, however often and on however many servers it runs.
/// </summary>
public sealed class FollowUpNotice
{
    public Guid FollowUpId { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
}
