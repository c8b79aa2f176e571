using FluentValidation;
using Mediator;

namespace Timeline.Api.Platform.Pipeline;

/// <summary>Runs the message's FluentValidation validators before anything is read or written.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, IServiceProvider services)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(RequestServices.For(message, services), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return await next(message, cancellationToken);
    }
}

/// <summary>
/// The request's services, handed to rules that look things up (the database) through the validation context, so that
/// their validator can be built once and shared rather than built for every request with the request's DbContext.
/// </summary>
public static class RequestServices
{
    private const string Key = "Timeline.RequestServices";

    /// <summary>A validation context carrying the request's services to the rules.</summary>
    public static ValidationContext<T> For<T>(T instance, IServiceProvider services)
    {
        var context = new ValidationContext<T>(instance);
        context.RootContextData[Key] = services;
        return context;
    }

    /// <summary>Validates with the request's services, outside the pipeline (an amended record); a failure throws as the pipeline's does.</summary>
    public static async Task ValidateAndThrowAsync<T>(this IValidator<T> validator, T instance, IServiceProvider services, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(For(instance, services), ct);
        if (!result.IsValid)
        {
            throw new ValidationException(result.Errors);
        }
    }

    /// <summary>A service of the request being validated.</summary>
    public static TService Of<TService>(IValidationContext context) where TService : notnull =>
        context.RootContextData.TryGetValue(Key, out var services)
            ? ((IServiceProvider)services).GetRequiredService<TService>()
            : throw new InvalidOperationException($"a rule that looks things up was run without the request's services (validate with {nameof(RequestServices)}.{nameof(For)})");
}
