using System.Diagnostics.Metrics;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>
/// Timeline's own instruments, under the meter <c>Timeline</c>. docs/OPERATIONS.md lists them with their meaning; the
/// gauges read the last <see cref="TelemetrySample"/>.
/// </summary>
public sealed class TimelineMetrics
{
    public TimelineMetrics(IMeterFactory meters, TelemetrySample sample)
    {
        var meter = meters.Create(TimelineTelemetry.Name);
        UseCaseDuration = meter.CreateHistogram<double>("timeline.usecase.duration", "s",
            "Commands and queries through the pipeline, by use case and outcome (ok, rejected, failed)");
        JobRuns = meter.CreateHistogram<double>("timeline.job.duration", "s", "Hangfire job runs, by job and outcome");
        AlertLag = meter.CreateHistogram<double>("timeline.alert.lag", "s", "From a change's write to its alerts being written by the matcher");
        SubscriberLag = meter.CreateHistogram<double>("timeline.subscriber.lag", "s",
            "Readers of the change log, by subscriber: from the oldest change of a page being written to the page's commit");
        AlertsRaised = meter.CreateCounter<long>("timeline.alerts.raised", "{alert}", "Alerts written by the matcher");
        WebhookAttempts = meter.CreateCounter<long>("timeline.webhook.attempts", "{attempt}",
            "Webhook delivery attempts, by outcome (delivered, retrying, failed, gone)");
        WatchChecks = meter.CreateHistogram<double>("timeline.watch.checks", "s",
            "Checks of watched sources, by outcome (ok, not-modified, failed): a failing source shows here and in its watch's lastStatus");
        LeadsFound = meter.CreateCounter<long>("timeline.leads.found", "{lead}", "New leads recorded from watched sources");
        meter.CreateObservableGauge("timeline.webhook.pending", () => sample.PendingWebhooks, "{alert}", "Alerts waiting for webhook delivery");
        meter.CreateObservableGauge("timeline.followups.open", () => sample.OpenFollowUps, "{follow-up}", "Follow-ups expected or due");
        meter.CreateObservableGauge("timeline.followups.overdue", () => sample.OverdueFollowUps, "{follow-up}", "Follow-ups overdue");
        meter.CreateObservableGauge("timeline.changes.position", () => sample.LastChange, "{change}", "The newest change's sequence number");
        meter.CreateObservableGauge("timeline.alert.matcher.behind", () => sample.ChangesToMatch, "{change}",
            "Changes written but not yet matched against subscriptions");
    }

    public Histogram<double> UseCaseDuration { get; }
    public Histogram<double> JobRuns { get; }
    public Histogram<double> AlertLag { get; }
    public Histogram<double> SubscriberLag { get; }
    public Counter<long> AlertsRaised { get; }
    public Counter<long> WebhookAttempts { get; }
    public Histogram<double> WatchChecks { get; }
    public Counter<long> LeadsFound { get; }
}
