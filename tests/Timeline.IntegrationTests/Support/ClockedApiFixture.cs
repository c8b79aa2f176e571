using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The API with a clock the test holds: the app takes every instant it writes from <see cref="Clock"/>, which moves on
/// a millisecond each time it is read (so no two writes share an instant) and further when a test advances it, never by
/// itself. A test about time says when "now" is instead of sleeping until it comes.
/// </summary>
public sealed class ClockedApiFixture : ApiFixture
{
    public FakeTimeProvider Clock { get; } = new(StartOfThisSecond()) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }

    // Whole seconds: PostgreSQL keeps microseconds, and every instant the clock gives stays a whole microsecond.
    private static DateTimeOffset StartOfThisSecond()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
