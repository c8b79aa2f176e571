namespace Timeline.Api.Platform.Telemetry;

/// <summary>The database's counts as last sampled by <see cref="TelemetrySampler"/>, read by the gauges.</summary>
public sealed class TelemetrySample
{
    public long PendingWebhooks { get; set; }
    public long OpenFollowUps { get; set; }
    public long OverdueFollowUps { get; set; }
    public long LastChange { get; set; }
    public long ChangesToMatch { get; set; }
}
