using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <param name="PersonId">Whose personal key it is; null for a key an admin minted.</param>
public sealed record KeyView(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, Guid? PersonId, DateTimeOffset? LastUsedAt)
{
    /// <summary>What a key's metadata shows: never its secret nor its hash.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ApiKey, KeyView>> Of =
        k => new KeyView(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.PersonId, k.LastUsedAt);
}

/// <summary>The active keys: every one for an admin (<paramref name="Person"/> null), or one person's own.</summary>
/// <remarks>The key a person's page session acts as is no key to manage: it is left out.</remarks>
public sealed record ListKeys(Guid? Person = null) : IQuery<IReadOnlyList<KeyView>>;

public sealed class ListKeysHandler(TimelineDbContext db) : IQueryHandler<ListKeys, IReadOnlyList<KeyView>>
{
    public async ValueTask<IReadOnlyList<KeyView>> Handle(ListKeys query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null && !k.ForSignIn && (query.Person == null || k.PersonId == query.Person))
            .OrderBy(k => k.CreatedAt)
            .Select(KeyView.Of)
            .ToListAsync(cancellationToken);
}
