using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Timeline.Api.Hosting;

/// <summary>
/// <c>/health/ready</c>'s body: <c>Healthy</c>, or the status and why, one failing check a line. With a replica there
/// are two databases to tell apart, so every check gets its line (<c>schema: …</c> for the primary, <c>replica: …</c>).
/// </summary>
public static class ReadinessAnswer
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries.Where(e => report.Entries.Count > 1 || e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"\n{e.Key}: {e.Value.Description}");
        return http.Response.WriteAsync(report.Status + string.Concat(reasons));
    }
}
