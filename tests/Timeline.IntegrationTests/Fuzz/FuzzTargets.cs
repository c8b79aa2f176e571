namespace Timeline.IntegrationTests.Fuzz;

/// <summary>Real things recorded before the walk, so that requests reach past "not found" to the handlers.</summary>
public sealed record FuzzTargets(
    Guid EventId,
    Guid FollowUpId,
    string ActorCode,
    string Slug,
    Guid SubscriptionId,
    Guid KeyId,
    string MeasureCode,
    Guid ClaimId,
    Guid WatchId,
    Guid LeadId,
    Guid KeptEventId,
    string PlaceCode);
