using Hangfire;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.Retention;
using Timeline.Api.Features.Watches;

namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// Registers the recurring jobs under stable ids, so every instance updates the same ones: in the background, after the
/// instance has started, and again every few seconds until it succeeds. Registering takes a lock per job in Hangfire's
/// storage, which a killed instance may still hold (its row stays until <c>DistributedLockTimeout</c> takes it over):
/// waited for at start-up, that would keep the service down; here it only delays the registration.
/// </summary>
public sealed class RecurringJobSchedule(IRecurringJobManager jobs, IOptions<FollowUpCheckOptions> followUps, IOptions<RetentionOptions> retention,
    IConfiguration configuration, ILogger<RecurringJobSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: AddOrUpdate blocks while it waits for its lock.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(Register, stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The recurring jobs could not be registered yet ({Reason}); trying again in {Seconds} s", e.Message, RetryEvery.TotalSeconds);
            }

            await Task.Delay(RetryEvery, stoppingToken);
        }
    }

    private void Register()
    {
        jobs.AddOrUpdate<FollowUpCheckJob>(FollowUpCheckJob.Id, job => job.RunAsync(CancellationToken.None), followUps.Value.Cron);
        jobs.AddOrUpdate<WebhookDeliveryJob>(WebhookDeliveryJob.Id, job => job.RunAsync(CancellationToken.None),
            configuration["Timeline:Webhooks:Cron"] ?? WebhookDeliveryJob.DefaultCron);
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.Id, job => job.RunAsync(CancellationToken.None), retention.Value.Cron);
        jobs.AddOrUpdate<WatchPollJob>(WatchPollJob.Id, job => job.RunAsync(CancellationToken.None),
            configuration["Timeline:Watches:Cron"] ?? new WatchOptions().Cron);
    }
}
