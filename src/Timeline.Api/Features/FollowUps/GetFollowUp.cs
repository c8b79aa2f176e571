using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.FollowUps;

public sealed record GetFollowUp(Guid Id) : IQuery<FollowUpView>;

public sealed class GetFollowUpHandler(TimelineDbContext db) : IQueryHandler<GetFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(GetFollowUp query, CancellationToken cancellationToken) =>
        await db.FollowUps.AsNoTracking().Where(f => f.Id == query.Id).ToViews().SingleOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound($"follow-up {query.Id}");
}
