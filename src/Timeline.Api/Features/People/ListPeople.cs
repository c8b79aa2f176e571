using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Core.Data;

namespace Timeline.Api.Features.People;

/// <summary>
/// A person as <c>GET /api/people</c> shows them: <c>role</c> is what they act as; <c>claimedRole</c> what the provider said at
/// the last sign-in; <c>grantedRole</c> what an admin set by hand (null: the provider's counts).
/// </summary>
public sealed record PersonView(Guid Id, string Name, string? Email, string Signature, string Role, string ClaimedRole, string? GrantedRole,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public sealed record ListPeople : IQuery<IReadOnlyList<PersonView>>;

public sealed class ListPeopleHandler(TimelineDbContext db) : IQueryHandler<ListPeople, IReadOnlyList<PersonView>>
{
    public async ValueTask<IReadOnlyList<PersonView>> Handle(ListPeople query, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking()
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new PersonView(p.Id, p.Name, p.Email, p.Signature, p.GrantedRole ?? p.ClaimedRole, p.ClaimedRole, p.GrantedRole,
                p.FirstSeenAt, p.LastSeenAt))
            .ToListAsync(cancellationToken);
}
