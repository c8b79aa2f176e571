using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Audit;

public sealed record AuditView(long Id, DateTimeOffset At, string Action, string? By, Guid? ById, string? Target, string? TargetId, string Detail, string? Address);

public sealed record AuditPage(IReadOnlyList<AuditView> Items, string? NextCursor);

/// <summary>The audit log, newest first, paged by id (<c>cursor</c> is the last id seen).</summary>
public sealed record ListAudit(int Limit = 100, long? Before = null) : IQuery<AuditPage>;

public sealed class ListAuditValidator : AbstractValidator<ListAudit>
{
    public ListAuditValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, 500).OverridePropertyName("limit");
}

public sealed class ListAuditHandler(TimelineDbContext db) : IQueryHandler<ListAudit, AuditPage>
{
    public async ValueTask<AuditPage> Handle(ListAudit query, CancellationToken cancellationToken)
    {
        var items = await db.Audit.AsNoTracking()
            .Where(a => query.Before == null || a.Id < query.Before)
            .OrderByDescending(a => a.Id)
            .Take(query.Limit + 1)
            .Select(a => new AuditView(a.Id, a.At, a.Action, a.By, a.ById, a.Target, a.TargetId, a.Detail, a.Address))
            .ToListAsync(cancellationToken);
        return items.Count > query.Limit
            ? new AuditPage(items[..query.Limit], items[query.Limit - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new AuditPage(items, null);
    }
}
