using Timeline.Core.Alerts;
using Timeline.Core.Changes;

namespace Timeline.Api.Features.Alerts;

/// <summary>
/// An alert as its readers (the listing, the stream, the webhook dispatcher) take it from the table, with its data as
/// stored. An event's alert keeps no copy of the event: its data is <c>{"event": …}</c> with the event as its change in
/// the log holds it (<see cref="Alert.ChangeSequence"/>), written once there rather than again in each of the change's
/// alerts. Alerts of other kinds keep their own (a follow-up's carries its event as it stood when matched).
/// </summary>
public sealed class StoredAlert
{
    public long Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public string Kind { get; init; } = "";
    public Guid? EventId { get; init; }
    public Guid? FollowUpId { get; init; }
    public string? OwnData { get; init; }
    public string? ChangeData { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string MessageId { get; init; } = "";
    public string DeliveryState { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The alert's data, JSON text: its own, or its change's event.</summary>
    public string Data => DataOf(OwnData, ChangeData);

    /// <summary>An alert's data from its own and its change's JSON.</summary>
    public static string DataOf(string? own, string? change) => own ?? $$"""{"event":{{change}}}""";
}

public static class StoredAlerts
{
    /// <summary>The alerts with what their data is made of: the change's JSON is read only for the alerts that keep none.</summary>
    public static IQueryable<StoredAlert> Stored(this IQueryable<Alert> alerts, IQueryable<Change> changes) =>
        alerts.Select(a => new StoredAlert
        {
            Id = a.Id,
            SubscriptionId = a.SubscriptionId,
            Kind = a.Kind,
            EventId = a.EventId,
            FollowUpId = a.FollowUpId,
            OwnData = a.Data,
            ChangeData = a.Data == null ? changes.Where(c => c.Sequence == a.ChangeSequence).Select(c => c.Data).FirstOrDefault() : null,
            CreatedAt = a.CreatedAt,
            MessageId = a.MessageId,
            DeliveryState = a.DeliveryState,
            Attempts = a.Attempts,
            NextAttemptAt = a.NextAttemptAt,
        });
}
