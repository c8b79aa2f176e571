using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Timeline.Api.Access;
using Timeline.Api.Alerts;
using Timeline.Api.FollowUps;
using Timeline.Api.Retention;
using Timeline.Core.Access;

namespace Timeline.Api.Hosting;

public static class Jobs
{
    /// <summary>The job dashboard at /hangfire, for admins only (the endpoint's policy answers 401/403).</summary>
    public static void MapJobDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);

    /// <summary>Registers the recurring jobs under stable ids, so every instance updates the same ones.</summary>
    public static void ScheduleRecurringJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var check = app.Services.GetRequiredService<IOptions<FollowUpCheckOptions>>().Value;
        jobs.AddOrUpdate<FollowUpCheckJob>(FollowUpCheckJob.Id, job => job.RunAsync(CancellationToken.None), check.Cron);
        jobs.AddOrUpdate<WebhookDeliveryJob>(WebhookDeliveryJob.Id, job => job.RunAsync(CancellationToken.None),
            app.Configuration["Timeline:Webhooks:Cron"] ?? WebhookDeliveryJob.DefaultCron);
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.Id, job => job.RunAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.Cron);
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
