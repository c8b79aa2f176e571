namespace Timeline.IntegrationTests.Support;

/// <summary>Request bodies as a client would write them.</summary>
public static class Bodies
{
    /// <summary>A valid event to record; a unique tag lets a test find its own events among others'.</summary>
    public static Dictionary<string, object?> Event(string tag, string occurred = "2024-10-23", string type = "military.deployment",
        string[]? actors = null, string title = "DPRK troops reported in Russia", string status = "reported") => new()
    {
        ["title"] = title,
        ["summary"] = "Test event.",
        ["occurred"] = occurred,
        ["type"] = type,
        ["status"] = status,
        ["actors"] = actors ?? ["KP", "RU"],
        ["tags"] = new[] { tag },
        ["sources"] = new[]
        {
            new Dictionary<string, object?>
            {
                ["url"] = "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia",
                ["title"] = "Crossing the Rubicon",
                ["publisher"] = "CSIS",
                ["published"] = "2024-10-23",
            },
        },
    };

    public static string UniqueTag() => "t" + Guid.NewGuid().ToString("N")[..12];
}
