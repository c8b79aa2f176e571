using Timeline.Api.Features.Access;
using Timeline.Core.Alerts;

namespace Timeline.Api.Features.Alerts.Subscriptions;

/// <summary>
/// What a key may see of subscriptions and what hangs from them: its own, or everything for an admin. Another key's
/// subscription is not there at all for it (a 404, absent from lists and streams), never a 403 that would confirm it.
/// </summary>
public static class Ownership
{
    public static IQueryable<Subscription> OwnedBy(this IQueryable<Subscription> subscriptions, Owner owner) =>
        owner.Admin ? subscriptions : subscriptions.Where(s => s.OwnerKeyId == owner.KeyId);

    public static IQueryable<Alert> OwnedBy(this IQueryable<Alert> alerts, IQueryable<Subscription> subscriptions, Owner owner) =>
        owner.Admin ? alerts : alerts.Where(a => subscriptions.Any(s => s.Id == a.SubscriptionId && s.OwnerKeyId == owner.KeyId));
}
