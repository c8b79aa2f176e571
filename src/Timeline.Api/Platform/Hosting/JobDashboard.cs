using Hangfire;
using Hangfire.Dashboard;
using Timeline.Api.Features.Access;
using Timeline.Core.Access;

namespace Timeline.Api.Platform.Hosting;

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

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
