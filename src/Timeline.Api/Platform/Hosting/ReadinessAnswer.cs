using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Timeline.Core.Access;

namespace Timeline.Api.Platform.Hosting;

/// <summary>How often readiness is checked in the background (<c>Timeline:Readiness:IntervalSeconds</c>).</summary>
public sealed class ReadinessOptions
{
    public double IntervalSeconds { get; set; } = 5;
}

/// <summary>
/// Readiness, checked in the background every <see cref="ReadinessOptions.IntervalSeconds"/> and served from the last
/// result: a balancer polling <c>/health/ready</c>, or anyone else, costs the database nothing.
/// </summary>
public sealed class Readiness(HealthCheckService checks, IOptions<ReadinessOptions> options, ILogger<Readiness> logger) : BackgroundService
{
    /// <summary>The last report; null until the first check has finished (not ready yet).</summary>
    public HealthReport? Last { get; private set; }

    /// <summary>The first check before the host takes requests (at most 5 s), so that an instance that is up answers as it is.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        first.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await CheckAsync(first.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Slower than that: not ready until the checks in the background answer.
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, stoppingToken);
            await CheckAsync(stoppingToken);
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            Last = await checks.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The checks answer their own failures; this is anything else, which must not end the checking.
            logger.LogWarning(e, "Readiness could not be checked");
        }
    }
}

/// <summary>
/// <c>/health/ready</c>'s body: the status word (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) for anyone; for an
/// admin key also why, one check a line (<c>schema: …</c> for the primary, <c>replica: …</c>). The reasons name hosts,
/// migrations and WAL positions, which are no one else's business.
/// </summary>
public static class ReadinessAnswer
{
    public static void MapReadiness(this IEndpointRouteBuilder app) =>
        app.MapGet("/health/ready", (HttpContext http, Readiness readiness) => WriteAsync(http, readiness.Last))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

    private static Task WriteAsync(HttpContext http, HealthReport? report)
    {
        var status = report?.Status ?? HealthStatus.Unhealthy;
        http.Response.StatusCode = status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store, no-cache";
        if (!http.User.IsInRole(Roles.Admin))
        {
            return http.Response.WriteAsync(status.ToString());
        }

        var reasons = report is null
            ? ["\nnot checked yet"]
            : report.Entries.Where(e => report.Entries.Count > 1 || e.Value.Status != HealthStatus.Healthy).Select(e => $"\n{e.Key}: {e.Value.Description}");
        return http.Response.WriteAsync(status + string.Concat(reasons));
    }
}
