using Timeline.Api.Features.Changes;

namespace Timeline.Api.Features.Alerts.Matching;

public static class AlertMatchingRegistration
{
    public static IServiceCollection AddAlertMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertMatcherOptions>().Bind(configuration.GetSection("Timeline:Matcher"))
            .Validate(o => o.IntervalMilliseconds > 0 && o.BatchSize > 0, "Timeline:Matcher needs IntervalMilliseconds > 0 and BatchSize > 0")
            .ValidateOnStart();
        services.AddSingleton<KnownSubscriptions>();
        // The log's first subscriber; each instance runs it unless told not to, and they take turns.
        return services.AddLogSubscriber<AlertMatcher>(run: configuration.GetValue("Timeline:Matcher:Enabled", true));
    }
}
