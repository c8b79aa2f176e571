namespace Timeline.Core.Alerts;

/// <summary>A saved filter or timeline, the alert kinds wanted, and optionally a webhook.</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The timeline query's filter as JSON; empty when the subscription follows a saved timeline.</summary>
    public string? Filter { get; set; }
    public string? TimelineSlug { get; set; }
    public string[] Kinds { get; set; } = [];
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// The signing secret (<c>whsec_</c> and base64 bytes), shown once at creation and kept only encrypted with Data
    /// Protection (<c>WebhookSecrets</c>), whose key ring is in the database so that every instance can sign.
    /// </summary>
    public string? ProtectedWebhookSecret { get; set; }
    public bool Active { get; set; } = true;
    public string? DisabledReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>The API key that made it: only that key (and admins) sees it, its deliveries and its alerts.</summary>
    public Guid? OwnerKeyId { get; set; }

    /// <summary>
    /// The keys under which the matcher finds this subscription (GIN-indexed): a change is a candidate only where
    /// one of its keys is here. Written from the filter by <c>TimelineFilter.IndexKeys</c>.
    /// </summary>
    public string[] MatchKeys { get; set; } = ["*"];
}

/// <summary>
/// One alert: one change of the log matched to one subscription, written by the matcher after the change
/// committed. Its sequential id follows the log's order, orders the stream and the feed, and is what
/// <c>Last-Event-ID</c> resumes after. Webhook alerts are the delivery outbox.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public string Kind { get; set; } = "";
    public Guid? EventId { get; set; }
    public Guid? FollowUpId { get; set; }

    /// <summary>The change that raised it: with the subscription, unique, so no change alerts a subscription twice.</summary>
    public long? ChangeSequence { get; set; }

    /// <summary>
    /// The alert's <c>data</c> as JSON: the follow-up, claim or lead (with its event or measure) as it stood when raised.
    /// None for an event's alert: its data is the event as its change in the log holds it (<see cref="ChangeSequence"/>).
    /// </summary>
    public string? Data { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The id a webhook receiver sees on every attempt (Standard Webhooks' <c>webhook-id</c>).</summary>
    public string MessageId { get; set; } = "";

    /// <summary><c>pending</c>, <c>delivered</c>, <c>failed</c> or <c>none</c> (no webhook).</summary>
    public string DeliveryState { get; set; } = AlertDelivery.None;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// While a batch is being sent: the backend pid of the claiming instance's own database session. Once that session is
    /// gone (the instance died) the lease is anyone's, whatever <see cref="NextAttemptAt"/> says.
    /// </summary>
    public int? LeasedBy { get; set; }
}

public static class AlertDelivery
{
    public const string None = "none";
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>Why a subscription was disabled, as <c>disabledReason</c> tells it.</summary>
public static class SubscriptionDisabled
{
    public const string OwnerRevoked = "the key that owns it was revoked";
    public const string NoOwner = "it has no owner key (made before keys owned subscriptions); subscribe again with a key";
}

public static class AlertKinds
{
    public const string EventRecorded = "event.recorded";
    public const string EventAmended = "event.amended";
    public const string EventRetracted = "event.retracted";
    public const string FollowUpDue = "followup.due";
    public const string FollowUpOverdue = "followup.overdue";
    public const string FollowUpFulfilled = "followup.fulfilled";
    public const string ClaimRecorded = "claim.recorded";

    /// <summary>A watch found a lead naming what the subscription follows; asked for by name only (not among <see cref="Defaults"/>).</summary>
    public const string LeadFound = "lead.found";
    public static readonly string[] All = [EventRecorded, EventAmended, EventRetracted, FollowUpDue, FollowUpOverdue, FollowUpFulfilled, ClaimRecorded, LeadFound];

    /// <summary>What a subscription that names no kinds hears: everything but leads, which are editors' work in progress.</summary>
    public static readonly string[] Defaults = [.. All.Where(k => k != LeadFound)];
}

/// <summary>One attempt to deliver an alert to a webhook.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public long AlertId { get; set; }
    public Guid SubscriptionId { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
    public bool Succeeded { get; set; }
}
