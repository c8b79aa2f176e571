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

    /// <summary>
    /// The same rule, each alert's owner looked up by its subscription as the alerts are read (a sub-plan per row): for a
    /// stream reading the few newest alerts, where a semi-join would hash every subscription of the owner at every read.
    /// </summary>
    public static IQueryable<Alert> OwnedByEach(this IQueryable<Alert> alerts, IQueryable<Subscription> subscriptions, Owner owner) =>
        owner.Admin ? alerts : alerts.Where(a => subscriptions.Where(s => s.Id == a.SubscriptionId).Select(s => s.OwnerKeyId).FirstOrDefault() == owner.KeyId);

    public static IQueryable<Alert> OwnedBy(this IQueryable<Alert> alerts, IQueryable<Subscription> subscriptions, Owner owner) =>
        owner.Admin ? alerts : alerts.Where(a => subscriptions.Any(s => s.Id == a.SubscriptionId && s.OwnerKeyId == owner.KeyId));
}
