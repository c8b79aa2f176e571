using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Timelines;
using Timeline.Api.Platform.Pipeline;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// Validators are built once, the event's too: building its rules per request was a fifth of a write's CPU. Rules that
/// read the database take the request's from the validation context (<see cref="RequestServices"/>).
/// </summary>
public sealed class ValidatorLifetimeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_timeline_querys_validator_and_the_record_event_validator_are_shared()
    {
        await using var first = api.Factory.Services.CreateAsyncScope();
        await using var second = api.Factory.Services.CreateAsyncScope();

        Assert.Same(first.ServiceProvider.GetRequiredService<IValidator<TimelineQuery>>(), second.ServiceProvider.GetRequiredService<IValidator<TimelineQuery>>());
        Assert.Same(first.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>(), second.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>());
        // The concrete type a handler takes is the instance the pipeline runs for its message type.
        var amended = first.ServiceProvider.GetRequiredService<AmendedEventValidator>();
        Assert.Contains(first.ServiceProvider.GetServices<IValidator<EventFields>>(), v => ReferenceEquals(v, amended));
    }

    [Fact]
    public async Task The_shared_event_rules_look_actors_up_in_the_requests_database_and_refuse_to_run_without_it()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>();
        var command = new RecordEvent
        {
            Title = "A rule that reads the database",
            Occurred = "2024-10-23",
            Type = "military.supply",
            Actors = ["NEVER-RECORDED-ACTOR"],
            Sources = [new SourceFields { Url = "https://example.org/source", Title = "A source" }],
        };

        var result = await validator.ValidateAsync(RequestServices.For(command, scope.ServiceProvider));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(RecordEvent.Actors), failure.PropertyName);
        Assert.StartsWith("unknown actor code: NEVER-RECORDED-ACTOR", failure.ErrorMessage, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => validator.ValidateAsync(command));
    }
}
