using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Timelines;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>A validator that needs nothing from the request is built once; one that reads the database, per request.</summary>
public sealed class ValidatorLifetimeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_timeline_querys_validator_is_shared_and_the_record_event_validator_is_per_request()
    {
        await using var first = api.Factory.Services.CreateAsyncScope();
        await using var second = api.Factory.Services.CreateAsyncScope();

        Assert.Same(first.ServiceProvider.GetRequiredService<IValidator<TimelineQuery>>(), second.ServiceProvider.GetRequiredService<IValidator<TimelineQuery>>());

        var recordFirst = first.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>();
        Assert.Same(recordFirst, first.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>());
        Assert.NotSame(recordFirst, second.ServiceProvider.GetRequiredService<IValidator<RecordEvent>>());
        // The concrete type a handler takes is the instance the pipeline runs for its message type.
        var amended = first.ServiceProvider.GetRequiredService<AmendedEventValidator>();
        Assert.Contains(first.ServiceProvider.GetServices<IValidator<EventFields>>(), v => ReferenceEquals(v, amended));
    }
}
