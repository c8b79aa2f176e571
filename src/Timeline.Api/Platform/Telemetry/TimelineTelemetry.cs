using System.Diagnostics;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>The name Timeline's own spans and instruments go by, and the source of its spans.</summary>
public static class TimelineTelemetry
{
    public const string Name = "Timeline";

    public static readonly ActivitySource Source = new(Name);
}
