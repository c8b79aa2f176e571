using Timeline.Api.Features.Changes;
using Timeline.Core.Actors;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

/// <summary>Actors in history: each version a revision saying what it was, who made it and when.</summary>
public sealed class ActorHistory : HistoryOf<Actor, ActorView>
{
    public static readonly ActorHistory Kind = new();

    public override string Entity => ChangeEntities.Actor;
    public override string IdOf(Actor record) => record.Code;
    public override ActorView ViewOf(Actor record) => record.ToView();

    public override Task AddRevisionAsync(TimelineDbContext db, Actor record, string change, string? reason, CancellationToken ct)
    {
        db.ActorRevisions.Add(record.ToRevision(change));
        return Task.CompletedTask;
    }
}
