using System.Diagnostics;
using Hangfire.Server;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>
/// Each Hangfire job run is a span (<c>job &lt;name&gt;</c>) and a measurement in <c>timeline.job.duration</c> by job
/// and outcome. Registered on Hangfire's configuration (<c>UseFilter</c>), beside the storage.
/// </summary>
public sealed class JobTelemetry(TimelineMetrics metrics) : IServerFilter
{
    private const string SpanKey = "timeline.span";
    private const string StartedKey = "timeline.started";

    public void OnPerforming(PerformingContext context)
    {
        // Started even when no tracer listens, so that the run's log lines carry a trace id of their own.
        var name = $"job {JobName(context)}";
        context.Items[SpanKey] = TimelineTelemetry.Source.StartActivity(name, ActivityKind.Internal) ?? new Activity(name).Start();
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Exception is null ? "ok" : context.Canceled ? "cancelled" : "failed";
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long timestamp)
        {
            metrics.JobRuns.Record(Stopwatch.GetElapsedTime(timestamp).TotalSeconds,
                new KeyValuePair<string, object?>("job", JobName(context)), new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (context.Items.TryGetValue(SpanKey, out var item) && item is Activity span)
        {
            if (context.Exception is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, context.Exception.GetType().Name);
            }

            span.Dispose();
        }
    }

    /// <summary>The job's class, e.g. <c>WebhookDeliveryJob</c>: a handful of names, fit for a metric's tag.</summary>
    private static string JobName(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}
