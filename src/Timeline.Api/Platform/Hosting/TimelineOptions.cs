namespace Timeline.Api.Platform.Hosting;

/// <summary>The <c>Timeline</c> configuration section.</summary>
public sealed class TimelineOptions
{
    /// <summary>The bootstrap admin key. When unset and the database never had an admin key, one is generated into <see cref="AdminKeyFile"/>.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Where a generated admin key is written, readable by its owner only (relative to the working directory).</summary>
    public string AdminKeyFile { get; set; } = "admin-key";

    /// <summary>The shortest admin key accepted from configuration: a guessable admin key is every key.</summary>
    public const int MinAdminKeyLength = 32;

    /// <summary>The longest key looked up: a credential outside these bounds is refused without a query.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Load the demo timeline into an empty database at start.</summary>
    public bool DemoTimeline { get; set; } = true;

    /// <summary>Run this instance's Hangfire server (the follow-up check, webhook delivery).</summary>
    public bool RunJobs { get; set; } = true;
}
