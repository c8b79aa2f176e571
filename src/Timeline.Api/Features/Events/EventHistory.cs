using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Features.Events;

/// <summary>Events in history: each version a revision valid until the next, so the timeline can be read as of any instant.</summary>
public sealed class EventHistory : HistoryOf<Event, EventView>
{
    public static readonly EventHistory Kind = new();

    public override string Entity => ChangeEntities.Event;
    public override string IdOf(Event record) => record.EventId.ToString();
    public override EventView ViewOf(Event record) => record.ToView();

    public override async Task AddRevisionAsync(TimelineDbContext db, Event record, string change, string? reason, CancellationToken ct)
    {
        if (record.Version > 1)
        {
            var now = record.UpdatedAt;
            await db.EventRevisions.Where(r => r.EventId == record.EventId && r.ValidTo == null)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.ValidTo, now), ct);
        }

        db.EventRevisions.Add(record.ToRevision(change, reason));
    }
}
