using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;
using Timeline.Core.Access;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.People;

/// <summary>
/// An admin sets a person's role by hand (<c>{"role": "editor"}</c>): it holds over what the provider's role claim says at
/// later sign-ins, until an admin gives it back to the provider (<c>{"role": null}</c>).
/// </summary>
public sealed record ChangeRole(Guid Id, string? Role) : ICommand<PersonView>;

public sealed record RoleBody(string? Role);

public sealed class ChangeRoleValidator : AbstractValidator<ChangeRole>
{
    public ChangeRoleValidator() =>
        RuleFor(x => x.Role).Must(r => r is null || Roles.All.Contains(r))
            .WithMessage($"'role' must be one of {string.Join(", ", Roles.All)}, or null to follow the provider's role claim");
}

public sealed class ChangeRoleHandler(TimelineDbContext db, AuditLog audit) : ICommandHandler<ChangeRole, PersonView>
{
    public async ValueTask<PersonView> Handle(ChangeRole command, CancellationToken cancellationToken)
    {
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"person {command.Id}");
        var before = person.Role;
        person.GrantedRole = command.Role;
        // The key the person's page session acts as carries the role too (its subscriptions, its feed tokens).
        await db.ApiKeys.Where(k => k.PersonId == person.Id && k.ForSignIn)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.Role, person.Role), cancellationToken);
        audit.Add(AuditActions.RoleChanged, "person", person.Id.ToString(), command.Role is null
            ? $"{person.Signature}: {before} → {person.Role}, following the provider's role claim again"
            : $"{person.Signature}: {before} → {person.Role}, set by hand");
        await db.SaveChangesAsync(cancellationToken);
        return new PersonView(person.Id, person.Name, person.Email, person.Signature, person.Role, person.ClaimedRole, person.GrantedRole,
            person.FirstSeenAt, person.LastSeenAt);
    }
}
