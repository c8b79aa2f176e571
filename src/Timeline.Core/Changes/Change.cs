namespace Timeline.Core.Changes;

/// <summary>
/// One entry of the change log: something recorded, amended, retracted or transitioned, appended in the same
/// transaction as the change itself. Readers order the log by (<see cref="Transaction"/>, <see cref="Sequence"/>)
/// and read only below the oldest transaction still running, so no committed change can later appear before a
/// position a reader has passed (docs/CHANGE-LOG.md says why this holds).
/// </summary>
public sealed class Change
{
    /// <summary>From an identity: unique, and the order of changes within one transaction.</summary>
    public long Sequence { get; set; }

    /// <summary>The writing transaction's id (<c>xid8</c>, <c>pg_current_xact_id()</c>), filled in by PostgreSQL.</summary>
    public ulong Transaction { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened, e.g. <c>event.recorded</c>, <c>followup.overdue</c> (see <see cref="ChangeKinds"/>).</summary>
    public string Kind { get; set; } = "";

    /// <summary><c>event</c>, <c>followUp</c>, <c>actor</c> or <c>timeline</c>.</summary>
    public string Entity { get; set; } = "";

    /// <summary>The entity's id: an event's or follow-up's uuid, an actor's code, a timeline's slug.</summary>
    public string EntityId { get; set; } = "";
    public int Version { get; set; }

    /// <summary>The entity as its <c>GET</c> returned it right after the change, as JSON.</summary>
    public string Data { get; set; } = "{}";
}

public static class ChangeEntities
{
    public const string Event = "event";
    public const string FollowUp = "followUp";
    public const string Actor = "actor";
    public const string Timeline = "timeline";
    public const string Measure = "measure";
    public const string Claim = "claim";
    public const string Place = "place";
    public const string Lead = "lead";
    public static readonly string[] All = [Event, FollowUp, Actor, Timeline, Measure, Claim, Place, Lead];
}

public static class ChangeKinds
{
    public const string EventRecorded = "event.recorded";
    public const string EventImported = "event.imported";
    public const string EventAmended = "event.amended";
    public const string EventRetracted = "event.retracted";
    public const string FollowUpExpected = "followup.expected";
    public const string FollowUpDue = "followup.due";
    public const string FollowUpOverdue = "followup.overdue";
    public const string FollowUpFulfilled = "followup.fulfilled";
    public const string FollowUpCancelled = "followup.cancelled";
    public const string ActorRecorded = "actor.recorded";
    public const string ActorAmended = "actor.amended";
    public const string TimelineSaved = "timeline.saved";
    public const string MeasureRecorded = "measure.recorded";
    public const string ClaimRecorded = "claim.recorded";
    public const string ClaimRetracted = "claim.retracted";
    public const string PlaceRecorded = "place.recorded";
    public const string PlaceAmended = "place.amended";
    public const string LeadFound = "lead.found";
    public const string LeadChanged = "lead.changed";
    public const string LeadAccepted = "lead.accepted";
    public const string LeadAttached = "lead.attached";
    public const string LeadDismissed = "lead.dismissed";
}
