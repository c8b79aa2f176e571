using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.SignIn;

/// <summary>A person signs out: every session they began before now is over, wherever its cookie is.</summary>
public sealed record EndSessions(Guid PersonId) : ICommand<Unit>;

public sealed class EndSessionsHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<EndSessions, Unit>
{
    public async ValueTask<Unit> Handle(EndSessions command, CancellationToken cancellationToken)
    {
        await db.People.Where(p => p.Id == command.PersonId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.SessionsEndedAt, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
