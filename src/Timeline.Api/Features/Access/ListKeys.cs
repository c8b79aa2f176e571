using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

public sealed record KeyView(Guid Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt)
{
    /// <summary>What a key's metadata shows: never its secret nor its hash.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ApiKey, KeyView>> Of =
        k => new KeyView(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt);
}

public sealed record ListKeys : IQuery<IReadOnlyList<KeyView>>;

public sealed class ListKeysHandler(TimelineDbContext db) : IQueryHandler<ListKeys, IReadOnlyList<KeyView>>
{
    public async ValueTask<IReadOnlyList<KeyView>> Handle(ListKeys query, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking()
            .Where(k => k.RevokedAt == null)
            .OrderBy(k => k.CreatedAt)
            .Select(KeyView.Of)
            .ToListAsync(cancellationToken);
}
