namespace Timeline.Core.Timelines;

/// <summary>A named, saved filter over the timeline.</summary>
public sealed class SavedTimeline
{
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>The filter as JSON: the timeline query's parameter names, arrays for the repeatable ones.</summary>
    public string Filter { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
