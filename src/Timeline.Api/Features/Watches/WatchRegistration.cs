using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Leads;

namespace Timeline.Api.Features.Watches;

public static class WatchRegistration
{
    /// <summary>
    /// Watches and leads: the options (<c>Timeline:Watches</c>), the <c>watches</c> HTTP client — no proxy, no cookies, a
    /// few redirects, and the webhooks' connect step, which checks every address it connects to — and the reader of the
    /// log that raises <c>lead.found</c> alerts.
    /// </summary>
    public static IServiceCollection AddWatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WatchOptions>().Bind(configuration.GetSection("Timeline:Watches"))
            .Validate(o => o.TimeoutSeconds > 0 && o.MaxBytes > 0 && o.MaxBackoffHours > 0 && o.BatchSize > 0,
                "Timeline:Watches needs TimeoutSeconds, MaxBytes, MaxBackoffHours and BatchSize above 0")
            .ValidateOnStart();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<ServedHere>();
        services.AddSingleton<WatchAddress>();
        services.AddHttpClient(SourceFetcher.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each fetch has its own (WatchOptions.TimeoutSeconds)
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Timeline-Watches/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = sp.GetRequiredService<WebhookAddressGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 3,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.All,
                    ConnectCallback = (context, ct) => WebhookDelivery.ConnectAsync(guard, context, ct),
                };
            });
        return services.AddLogSubscriber<LeadAlerts>(run: configuration.GetValue("Timeline:Matcher:Enabled", true));
    }
}
