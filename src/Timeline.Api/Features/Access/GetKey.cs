using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary>One active key, as the list shows it; a revoked key is gone, as from the list.</summary>
public sealed record GetKey(Guid Id) : IQuery<KeyView>;

public sealed class GetKeyHandler(TimelineDbContext db) : IQueryHandler<GetKey, KeyView>
{
    public async ValueTask<KeyView> Handle(GetKey query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == query.Id && k.RevokedAt == null && !k.ForSignIn)
            .Select(KeyView.Of)
            .SingleOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound($"key {query.Id}");
}
