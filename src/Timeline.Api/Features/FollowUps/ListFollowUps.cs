using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

/// <summary>Follow-ups by status, soonest due first.</summary>
public sealed record ListFollowUps(string? Status, Guid? EventId, string? Limit) : IQuery<IReadOnlyList<FollowUpView>>;

public sealed class ListFollowUpsValidator : AbstractValidator<ListFollowUps>
{
    public ListFollowUpsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || s.Split(',').All(FollowUpStatuses.All.Contains))
            .WithMessage($"status must be one or more of {string.Join(", ", FollowUpStatuses.All)}, comma-separated");
        RuleFor(x => x.Limit).Must(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 500)
            .When(x => x.Limit is not null).WithMessage("limit must be a whole number from 1 to 500");
    }
}

public sealed class ListFollowUpsHandler(TimelineDbContext db) : IQueryHandler<ListFollowUps, IReadOnlyList<FollowUpView>>
{
    public async ValueTask<IReadOnlyList<FollowUpView>> Handle(ListFollowUps query, CancellationToken cancellationToken)
    {
        var followUps = db.FollowUps.AsNoTracking();
        if (query.Status is { } status)
        {
            var statuses = status.Split(',');
            followUps = followUps.Where(f => statuses.Contains(f.Status));
        }

        if (query.EventId is { } eventId)
        {
            followUps = followUps.Where(f => f.EventId == eventId);
        }

        var limit = query.Limit is null ? 100 : int.Parse(query.Limit, CultureInfo.InvariantCulture);
        return await followUps.OrderBy(f => f.DueLatest).ThenBy(f => f.Id).Take(limit).ToViews().ToListAsync(cancellationToken);
    }
}
