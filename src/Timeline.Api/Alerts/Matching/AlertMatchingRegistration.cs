namespace Timeline.Api.Alerts;

public static class AlertMatchingRegistration
{
    public static IServiceCollection AddAlertMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertMatcherOptions>().Bind(configuration.GetSection("Timeline:Matcher"))
            .Validate(o => o.IntervalMilliseconds > 0 && o.BatchSize > 0, "Timeline:Matcher needs IntervalMilliseconds > 0 and BatchSize > 0")
            .ValidateOnStart();
        services.AddScoped<AlertMatcher>();
        if (configuration.GetValue("Timeline:Matcher:Enabled", true))
        {
            services.AddHostedService<AlertMatchingService>();
        }

        return services;
    }
}
