namespace Timeline.Api.Hosting;

/// <summary>The <c>Timeline</c> configuration section.</summary>
public sealed class TimelineOptions
{
    /// <summary>The bootstrap admin key. When unset and no admin key exists, one is generated and printed once.</summary>
    public string? AdminKey { get; set; }

    /// <summary>The shortest admin key accepted from configuration: a guessable admin key is every key.</summary>
    public const int MinAdminKeyLength = 32;

    /// <summary>The longest key looked up: a credential outside these bounds is refused without a query.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Load the demo timeline into an empty database at start.</summary>
    public bool DemoTimeline { get; set; } = true;

    /// <summary>Run this instance's Hangfire server (the follow-up check, webhook delivery).</summary>
    public bool RunJobs { get; set; } = true;
}
