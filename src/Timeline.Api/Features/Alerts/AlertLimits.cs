namespace Timeline.Api.Features.Alerts;

/// <summary>The <c>Timeline:Limits</c> caps on what one API key holds of the alerts.</summary>
public sealed class AlertLimits
{
    public const string Streams = "Timeline:Limits:StreamsPerKey";
    public const string Subscriptions = "Timeline:Limits:SubscriptionsPerKey";

    /// <summary>Alert streams one key may hold open on one instance (browser tabs, scripts); a 429 past it.</summary>
    public int StreamsPerKey { get; set; } = 10;

    /// <summary>Active subscriptions one key may have; a 409 past it, until it deletes one.</summary>
    public int SubscriptionsPerKey { get; set; } = 100;

    public bool IsValid => StreamsPerKey > 0 && SubscriptionsPerKey > 0;
}
