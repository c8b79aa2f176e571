using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Audit;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Access;
using Timeline.Core.Data;
using Timeline.Core.People;

namespace Timeline.Api.Features.Access;

/// <summary>The answer to creating a key: the only time the secret is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, string Role, string Key) : IShowsSecretOnce
{
    public object WithoutSecret() => new { Id, Name, Role, SecretWithheld = true };
}

/// <summary>An admin's key (<see cref="For"/> null), or a person's own, up to their role.</summary>
public sealed record CreateKey(string? Name, string? Role) : ICommand<CreatedKey>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public KeyHolder? For { get; init; }
}

public sealed class CreateKeyValidator : AbstractValidator<CreateKey>
{
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("'name' may hold letters, digits, '.', '_' and '-'");
        RuleFor(x => x.Role).NotEmpty().Must(r => Roles.All.Contains(r))
            .WithMessage($"'role' must be one of {string.Join(", ", Roles.All)}");
        RuleFor(x => x.Role).Must((command, role) => command.For is null || Roles.Rank(role!) <= Roles.Rank(command.For.Role))
            .When(x => Roles.All.Contains(x.Role))
            .WithMessage(x => $"'role' may be at most your own role, {x.For!.Role}");
    }
}

public sealed class CreateKeyHandler(TimelineDbContext db, TimeProvider clock, AuditLog audit) : ICommandHandler<CreateKey, CreatedKey>
{
    public async ValueTask<CreatedKey> Handle(CreateKey command, CancellationToken cancellationToken)
    {
        var secret = ApiKeyAuthentication.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = command.Name!,
            Role = command.Role!,
            KeyHash = ApiKeyAuthentication.HashOf(secret),
            Prefix = secret[..7],
            CreatedAt = clock.GetUtcNow(),
            PersonId = command.For?.Person,
        };
        db.ApiKeys.Add(key);
        // The name is the key's records' attribution: given once, never to another key or person, even after revocation.
        db.Authors.Add(new Author { Name = key.Name, Kind = Author.Key, Id = key.Id, CreatedAt = key.CreatedAt });
        audit.Add(AuditActions.KeyMinted, "key", key.Id.ToString(),
            $"'{key.Name}' ({key.Role}, {key.Prefix}…){(command.For is null ? "" : ", a personal key")}");
        await db.SaveNewAsync($"a key or person named '{command.Name}' exists or existed: names are not reused, so records keep saying whose they are", cancellationToken);

        return new CreatedKey(key.Id, key.Name, key.Role, secret);
    }
}
