using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Actors;

public sealed record GetActor(string Code) : IQuery<ActorView>;

public sealed class GetActorHandler(TimelineDbContext db) : IQueryHandler<GetActor, ActorView>
{
    public async ValueTask<ActorView> Handle(GetActor query, CancellationToken cancellationToken) =>
        (await db.Actors.AsNoTracking().Include(a => a.Identifiers).SingleOrDefaultAsync(a => a.Code == query.Code, cancellationToken))?.ToView()
        ?? throw ProblemException.NotFound($"actor {EchoedValue.Cut(query.Code)}");
}

/// <summary>One version of an actor: what it said, who made it and when.</summary>
public sealed record ActorRevisionView(int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy, string Name, string Kind,
    string[] Aliases, IReadOnlyDictionary<string, string> Identifiers);

public sealed record ListActorRevisions(string Code) : IQuery<IReadOnlyList<ActorRevisionView>>;

public sealed class ListActorRevisionsHandler(TimelineDbContext db) : IQueryHandler<ListActorRevisions, IReadOnlyList<ActorRevisionView>>
{
    public async ValueTask<IReadOnlyList<ActorRevisionView>> Handle(ListActorRevisions query, CancellationToken cancellationToken)
    {
        var revisions = await db.ActorRevisions.AsNoTracking().Where(r => r.ActorCode == query.Code).OrderBy(r => r.Version)
            .ToListAsync(cancellationToken);
        return revisions.Count == 0
            ? throw ProblemException.NotFound($"actor {EchoedValue.Cut(query.Code)}")
            : [.. revisions.Select(r => new ActorRevisionView(r.Version, r.Change, r.ChangedAt, r.ChangedBy, r.Name, r.Kind, r.Aliases,
                ActorViews.IdentifierMap(r.Identifiers.Select(Split))))];
    }

    private static (string Scheme, string Value) Split(string identifier)
    {
        var colon = identifier.IndexOf(':', StringComparison.Ordinal);
        return (identifier[..colon], identifier[(colon + 1)..]);
    }
}
