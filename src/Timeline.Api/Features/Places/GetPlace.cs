using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Places;

public sealed record GetPlace(string Code) : IQuery<PlaceView>;

public sealed class GetPlaceHandler(TimelineDbContext db) : IQueryHandler<GetPlace, PlaceView>
{
    public async ValueTask<PlaceView> Handle(GetPlace query, CancellationToken cancellationToken) =>
        (await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Code == query.Code, cancellationToken))?.ToView()
        ?? throw ProblemException.NotFound($"place {EchoedValue.Cut(query.Code)}");
}

/// <summary>One version of a place: what it said, who made it and when.</summary>
public sealed record PlaceRevisionView(int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy, string Name, string Kind,
    string[] Aliases, double[]? Point, JsonElement? Area, IReadOnlyDictionary<string, string> Identifiers);

public sealed record ListPlaceRevisions(string Code) : IQuery<IReadOnlyList<PlaceRevisionView>>;

public sealed class ListPlaceRevisionsHandler(TimelineDbContext db) : IQueryHandler<ListPlaceRevisions, IReadOnlyList<PlaceRevisionView>>
{
    public async ValueTask<IReadOnlyList<PlaceRevisionView>> Handle(ListPlaceRevisions query, CancellationToken cancellationToken)
    {
        var revisions = await db.PlaceRevisions.AsNoTracking().Where(r => r.PlaceCode == query.Code).OrderBy(r => r.Version)
            .ToListAsync(cancellationToken);
        return revisions.Count == 0
            ? throw ProblemException.NotFound($"place {EchoedValue.Cut(query.Code)}")
            : [.. revisions.Select(r => new PlaceRevisionView(r.Version, r.Change, r.ChangedAt, r.ChangedBy, r.Name, r.Kind, r.Aliases,
                r.Point is { } point ? [point.X, point.Y] : null,
                r.Area is { } area ? JsonSerializer.SerializeToElement(area, PlaceFields.GeoJson) : null,
                PlaceViews.Identifiers(r.Wikidata, r.GeoNames)))];
    }
}
