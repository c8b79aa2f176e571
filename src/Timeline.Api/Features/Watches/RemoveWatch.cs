using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Watches;

/// <summary>Stop watching a source. Its leads stay, with what became of them.</summary>
public sealed record RemoveWatch(Guid Id) : ICommand<Unit>;

public sealed class RemoveWatchHandler(TimelineDbContext db) : ICommandHandler<RemoveWatch, Unit>
{
    public async ValueTask<Unit> Handle(RemoveWatch command, CancellationToken cancellationToken)
    {
        var removed = await db.Watches.Where(w => w.Id == command.Id).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? throw ProblemException.NotFound($"watch {command.Id}") : Unit.Value;
    }
}
