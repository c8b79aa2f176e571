using System.Text.Json;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Timelines;

namespace Timeline.Api.Features.Timelines;

/// <summary>Saved timelines in history: saved once, at version 1, in the change log.</summary>
public sealed class TimelineHistory(JsonSerializerOptions json) : HistoryOf<SavedTimeline, TimelineView>
{
    public override string Entity => ChangeEntities.Timeline;
    public override string IdOf(SavedTimeline record) => record.Slug;
    public override DateTimeOffset AtOf(SavedTimeline record) => record.CreatedAt;

    public override TimelineView ViewOf(SavedTimeline record) => new(record.Slug, record.Title, record.Description,
        JsonSerializer.Deserialize<TimelineFilter>(record.Filter, json)!, record.CreatedAt, record.CreatedBy);
}
