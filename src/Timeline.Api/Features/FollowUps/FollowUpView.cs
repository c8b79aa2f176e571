using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

public sealed record FollowUpView(Guid Id, Guid EventId, string Description, string Due, DateOnly? DueEarliest, DateOnly? DueLatest,
    string Status, Guid? FulfilledBy, string? CancellationReason, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, int Version);

public static class FollowUpProjection
{
    public static IQueryable<FollowUpView> ToViews(this IQueryable<FollowUp> followUps) =>
        followUps.Select(f => new FollowUpView(f.Id, f.EventId, f.Description, f.Due,
            f.DueEarliest == DateOnly.MinValue ? null : f.DueEarliest,
            f.DueLatest == DateOnly.MaxValue ? null : f.DueLatest,
            f.Status, f.FulfilledBy, f.CancellationReason, f.CreatedAt, f.CreatedBy, f.UpdatedAt, f.Version));

    public static FollowUpView ToView(this FollowUp f) => new(f.Id, f.EventId, f.Description, f.Due,
        f.DueEarliest == DateOnly.MinValue ? null : f.DueEarliest,
        f.DueLatest == DateOnly.MaxValue ? null : f.DueLatest,
        f.Status, f.FulfilledBy, f.CancellationReason, f.CreatedAt, f.CreatedBy, f.UpdatedAt, f.Version);
}
