using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.People;

/// <summary>Who a record's <c>recordedBy</c> (or any attribution) names: a key or a person, and its stable id.</summary>
public sealed record AuthorView(string Name, string Kind, Guid Id);

public sealed record FindAuthor(string Name) : IQuery<AuthorView>;

public sealed class FindAuthorHandler(TimelineDbContext db) : IQueryHandler<FindAuthor, AuthorView>
{
    public async ValueTask<AuthorView> Handle(FindAuthor query, CancellationToken cancellationToken) =>
        await db.Authors.AsNoTracking().Where(a => a.Name == query.Name)
            .Select(a => new AuthorView(a.Name, a.Kind, a.Id))
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound($"author '{query.Name}'");
}
