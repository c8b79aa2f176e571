using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>Retries 200 ms apart, three of them (four attempts in all), and a short timeout per attempt.</summary>
public class WebhookFixture : ApiFixture
{
    public const int Retries = 3;
    public static readonly TimeSpan RetryWait = TimeSpan.FromMilliseconds(200);

    public static IDictionary<string, string?> WebhookSettings => new Dictionary<string, string?>
    {
        ["Timeline:Webhooks:RetrySchedule:0"] = "00:00:00.200",
        ["Timeline:Webhooks:RetrySchedule:1"] = "00:00:00.200",
        ["Timeline:Webhooks:RetrySchedule:2"] = "00:00:00.200",
        ["Timeline:Webhooks:TimeoutSeconds"] = "3",
    };

    protected override IDictionary<string, string?> Settings => WebhookSettings;
}

/// <summary>As in production: webhooks may not point into the server's own network.</summary>
public sealed class GuardedWebhookFixture : WebhookFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(WebhookSettings) { ["Timeline:Webhooks:AllowPrivateAddresses"] = "false" };
}
