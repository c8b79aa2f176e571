using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Audit;
using Timeline.Api.Features.People;
using Timeline.Core.Access;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.SignIn;

/// <summary>What a signed-in page session is: the person, the key their session acts as, their signature and role.</summary>
public sealed record PersonSession(Guid PersonId, Guid KeyId, string Signature, string Role);

/// <summary>
/// A person signed in with the provider: recorded at first sign-in by issuer and <c>sub</c>, refreshed at every later
/// one (name, e-mail, the role the provider claims, last seen). A role an admin set by hand stays (see <see cref="Person.GrantedRole"/>).
/// </summary>
public sealed record RecordSignIn(string Issuer, string Subject, string? Name, string? Email, string ClaimedRole) : ICommand<PersonSession>;

public sealed class RecordSignInHandler(TimelineDbContext db, TimeProvider clock, AuditLog audit) : ICommandHandler<RecordSignIn, PersonSession>
{
    public async ValueTask<PersonSession> Handle(RecordSignIn command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var name = Clean(command.Name) ?? Clean(command.Email) ?? command.Subject;
        var person = await db.People.SingleOrDefaultAsync(p => p.Issuer == command.Issuer && p.Subject == command.Subject, cancellationToken);
        ApiKey key;
        if (person is null)
        {
            person = new Person
            {
                Id = Guid.CreateVersion7(now),
                Issuer = command.Issuer,
                Subject = command.Subject,
                Name = name,
                Email = Clean(command.Email),
                Signature = await Authors.FreeNameAsync(db, name, cancellationToken),
                ClaimedRole = command.ClaimedRole,
                FirstSeenAt = now,
                LastSeenAt = now,
            };
            db.People.Add(person);
            db.Authors.Add(new Author { Name = person.Signature, Kind = Author.PersonKind, Id = person.Id, CreatedAt = now });
            // The person's page session acts as a key of its own: what a key owns (subscriptions, feed tokens, alerts) a
            // person owns the same way. It has no secret anyone was given: its hash is of random bytes, thrown away.
            key = new ApiKey
            {
                Id = Guid.CreateVersion7(now),
                Name = person.Signature,
                Role = person.Role,
                KeyHash = SHA256.HashData(RandomNumberGenerator.GetBytes(32)),
                Prefix = "",
                CreatedAt = now,
                PersonId = person.Id,
                ForSignIn = true,
            };
            db.ApiKeys.Add(key);
            audit.Add(AuditActions.PersonFirstSeen, "person", person.Id.ToString(),
                $"{person.Signature} ({person.Email ?? "no e-mail"}) first signed in, as {person.Role} ({command.Issuer}, sub {command.Subject})",
                (person.Signature, person.Id));
        }
        else
        {
            person.Name = name;
            person.Email = Clean(command.Email);
            person.ClaimedRole = command.ClaimedRole;
            person.LastSeenAt = now;
            key = await db.ApiKeys.SingleAsync(k => k.PersonId == person.Id && k.ForSignIn, cancellationToken);
            key.Role = person.Role;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new PersonSession(person.Id, key.Id, person.Signature, person.Role);
    }

    private static string? Clean(string? text)
    {
        var trimmed = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return trimmed.Length == 0 ? null : trimmed.Length > 200 ? trimmed[..200] : trimmed;
    }
}
