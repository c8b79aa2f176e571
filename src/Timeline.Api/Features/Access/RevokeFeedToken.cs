using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.Access;

/// <summary>
/// Revokes a feed token, and tells every instance so when it commits, on the channel key revocations use: they
/// forget it from their caches. Another key's token is not there at all for a non-admin (404).
/// </summary>
public sealed record RevokeFeedToken(Guid Id, Owner Owner) : ICommand<Unit>;

public sealed class RevokeFeedTokenHandler(TimelineDbContext db, TimeProvider clock, AuditLog audit) : ICommandHandler<RevokeFeedToken, Unit>
{
    public async ValueTask<Unit> Handle(RevokeFeedToken command, CancellationToken cancellationToken)
    {
        var token = await db.FeedTokens.AsNoTracking().Where(t => t.Id == command.Id)
            .Select(t => new { t.Name, t.KeyId, Holder = db.ApiKeys.Where(k => k.Id == t.KeyId).Select(k => k.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        var revoked = await db.FeedTokens.OwnedBy(command.Owner)
            .Where(t => t.Id == command.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            throw ProblemException.NotFound($"feed token {command.Id}");
        }

        if (token!.KeyId != command.Owner.KeyId)
        {
            await audit.WriteAsync(AuditActions.FeedTokenRevoked, "feed-token", command.Id.ToString(), $"'{token.Name}', {token.Holder}'s", cancellationToken);
        }

        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevokeKey.Channel}, {command.Id.ToString()})", cancellationToken);
        return Unit.Value;
    }
}
