using Hangfire;
using Mediator;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>The Hangfire job: thin, it sends the request until a batch comes back less than full (or enough has been done).</summary>
public sealed class WebhookDeliveryJob(IMediator mediator, ILogger<WebhookDeliveryJob> logger)
{
    public const string Id = "webhook-delivery";

    /// <summary>Every five seconds (Hangfire reads six fields as seconds first); <c>Timeline:Webhooks:Cron</c> overrides it.</summary>
    public const string DefaultCron = "*/5 * * * * *";

    private const int MaxBatchesPerRun = 20;

    /// <summary>No Hangfire retries: a failed run's alerts stay pending in the outbox and the next run takes them.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = new WebhookDeliveryResult(0, 0, 0, 0);
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var result = await mediator.Send(new DeliverWebhooks(), cancellationToken);
            total = new WebhookDeliveryResult(total.Claimed + result.Claimed, total.Delivered + result.Delivered,
                total.Retrying + result.Retrying, total.Failed + result.Failed);
            if (result.Claimed < DeliverWebhooksHandler.BatchSize)
            {
                break;
            }
        }

        // Every few seconds on every instance: a run with nothing to send says so only at Debug.
        logger.Log(total.Claimed > 0 ? LogLevel.Information : LogLevel.Debug,
            "Webhook delivery: {Delivered} delivered, {Retrying} to retry, {Failed} failed", total.Delivered, total.Retrying, total.Failed);
    }
}
