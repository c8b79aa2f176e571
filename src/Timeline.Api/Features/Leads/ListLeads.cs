using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Duplicates;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>Leads, newest first, keyset-paged; each with the events it may duplicate.</summary>
public sealed record ListLeads : IQuery<LeadPage>
{
    /// <summary><c>new</c>, <c>accepted</c>, <c>attached</c> or <c>dismissed</c>; all when left out.</summary>
    public string? Status { get; init; }

    /// <summary>A watch's id: its leads only.</summary>
    public Guid? Watch { get; init; }

    /// <summary>An actor code: leads naming it.</summary>
    public string? Actor { get; init; }

    /// <summary>Words every lead listed contains in its title or text (case-insensitive).</summary>
    public string? Q { get; init; }

    /// <summary>1–100, default 20.</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }
}

public sealed record LeadPage(IReadOnlyList<LeadView> Items, string? NextCursor);

public sealed class ListLeadsValidator : AbstractValidator<ListLeads>
{
    public ListLeadsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || LeadStatuses.All.Contains(s)).WithMessage($"status is one of {string.Join(", ", LeadStatuses.All)}");
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithMessage("limit is from 1 to 100");
        RuleFor(x => x.Q).MaximumLength(200);
        RuleFor(x => x.Actor).MaximumLength(64);
        RuleFor(x => x.Cursor).Must(c => c is null || Guid.TryParseExact(c, "N", out _)).WithMessage("not a cursor this list gave");
    }
}

public sealed class ListLeadsHandler(TimelineDbContext db) : IQueryHandler<ListLeads, LeadPage>
{
    public async ValueTask<LeadPage> Handle(ListLeads query, CancellationToken cancellationToken)
    {
        var limit = query.Limit ?? 20;
        var leads = db.Leads.AsNoTracking();
        if (query.Status is { } status)
        {
            leads = leads.Where(l => l.Status == status);
        }

        if (query.Watch is { } watch)
        {
            leads = leads.Where(l => l.WatchId == watch);
        }

        if (query.Actor is { } actor)
        {
            leads = leads.Where(l => l.Actors.Contains(actor));
        }

        foreach (var word in (query.Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(10))
        {
            var pattern = "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            leads = leads.Where(l => EF.Functions.ILike(l.Title, pattern) || EF.Functions.ILike(l.Text, pattern));
        }

        if (query.Cursor is { } cursor)
        {
            // Ids are UUIDv7: newest first is id descending, stable under new leads arriving.
            var after = Guid.ParseExact(cursor, "N");
            leads = leads.Where(l => l.Id.CompareTo(after) < 0);
        }

        var page = await leads.OrderByDescending(l => l.Id).Take(limit + 1).ToListAsync(cancellationToken);
        // The page's possible duplicates in one round trip: a statement a lead, sent together.
        var shown = page.Take(limit).ToList();
        var duplicates = await PossibleDuplicates.FindManyAsync(db, [.. shown.Select(LeadViews.ProbeOf)], cancellationToken);
        return new LeadPage([.. shown.Select((lead, i) => lead.ToView(duplicates[i]))], page.Count > limit ? page[limit - 1].Id.ToString("N") : null);
    }
}
