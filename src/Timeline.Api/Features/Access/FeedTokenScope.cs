namespace Timeline.Api.Features.Access;

/// <summary>What a feed token opens: <c>calendar</c>, or <c>timeline:&lt;slug&gt;</c>; without one, every feed and the calendar.</summary>
public static class FeedTokenScope
{
    public const string Calendar = "calendar";
    public const string TimelinePrefix = "timeline:";

    /// <summary>Whether a token of this scope opens the feed endpoint asked for (a saved timeline's when it has a slug, else the calendar).</summary>
    public static bool Opens(string? scope, string? timelineSlug) =>
        scope is null || (timelineSlug is null ? scope == Calendar : scope == TimelinePrefix + timelineSlug);
}
