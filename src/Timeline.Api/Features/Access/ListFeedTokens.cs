using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary>A feed token as listed: never the token nor its hash. <see cref="KeyName"/> is the key that minted it.</summary>
public sealed record FeedTokenView(Guid Id, string Name, string? Scope, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string KeyName);

/// <summary>The caller's active feed tokens; an admin's: everyone's.</summary>
public sealed record ListFeedTokens(Owner Owner) : IQuery<IReadOnlyList<FeedTokenView>>;

public sealed class ListFeedTokensHandler(TimelineDbContext db) : IQueryHandler<ListFeedTokens, IReadOnlyList<FeedTokenView>>
{
    public async ValueTask<IReadOnlyList<FeedTokenView>> Handle(ListFeedTokens query, CancellationToken cancellationToken) =>
        await (from t in db.FeedTokens.AsNoTracking().OwnedBy(query.Owner)
               join k in db.ApiKeys on t.KeyId equals k.Id
               where t.RevokedAt == null && k.RevokedAt == null
               orderby t.CreatedAt, t.Id
               select new FeedTokenView(t.Id, t.Name, t.Scope, t.Prefix, t.CreatedAt, t.LastUsedAt, k.Name))
            .ToListAsync(cancellationToken);
}
