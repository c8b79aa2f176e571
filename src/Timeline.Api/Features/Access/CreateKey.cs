using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Access;

/// <summary>The answer to creating a key: the only time the secret is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, string Role, string Key) : IShowsSecretOnce
{
    public object WithoutSecret() => new { Id, Name, Role, SecretWithheld = true };
}

public sealed record CreateKey(string? Name, string? Role) : ICommand<CreatedKey>;

public sealed class CreateKeyValidator : AbstractValidator<CreateKey>
{
    public CreateKeyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("'name' may hold letters, digits, '.', '_' and '-'");
        RuleFor(x => x.Role).NotEmpty().Must(r => Roles.All.Contains(r))
            .WithMessage($"'role' must be one of {string.Join(", ", Roles.All)}");
    }
}

public sealed class CreateKeyHandler(TimelineDbContext db, TimeProvider clock) : ICommandHandler<CreateKey, CreatedKey>
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
        };
        db.ApiKeys.Add(key);
        await db.SaveNewAsync($"a key named '{command.Name}' already exists", cancellationToken);

        return new CreatedKey(key.Id, key.Name, key.Role, secret);
    }
}
