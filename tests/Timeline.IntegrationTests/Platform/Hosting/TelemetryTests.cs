using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.IntegrationTests.Support;
using Timeline.IntegrationTests.Features.Alerts.Webhooks;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>Gauges sampled every second, and Timeline's own Debug lines let through, so that both can be seen here.</summary>
public sealed class TelemetryFixture : WebhookFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(WebhookSettings)
    {
        ["Timeline:Telemetry:SampleSeconds"] = "1",
        ["Logging:LogLevel:Timeline"] = "Debug",
    };
}

[Collection(JobServers.Name)]
public sealed class TelemetryTests(TelemetryFixture api) : IClassFixture<TelemetryFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Fact]
    public async Task Metrics_are_scraped_by_admins_only_and_hold_the_standard_and_Timelines_own_instruments()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 503;
        var tag = Bodies.UniqueTag();
        await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);
        await steps.DeliverAsync();
        // Stays: the gauges of the database's counts are sampled every second in the background; two samples are the point.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.As("reader")).GetAsync("/metrics")).StatusCode);
        var scrape = await api.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        var lines = text.Split('\n');

        foreach (var name in new[]
        {
            "timeline_usecase_duration_seconds_bucket", "timeline_alert_lag_seconds_bucket",
            "timeline_alerts_raised_total", "timeline_webhook_attempts_total", "timeline_webhook_pending", "timeline_followups_open",
            "timeline_followups_overdue", "timeline_changes_position", "timeline_alert_matcher_behind",
            "http_server_request_duration_seconds_bucket", "http_client_request_duration_seconds_bucket",
        })
        {
            Assert.True(lines.Any(l => l.StartsWith(name, StringComparison.Ordinal)), $"/metrics has no {name}");
        }

        Assert.Contains(lines, l => l.StartsWith("db_client_", StringComparison.Ordinal)); // Npgsql
        Assert.Contains(lines, l => l.StartsWith("dotnet_", StringComparison.Ordinal) || l.StartsWith("process_runtime_dotnet_", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("timeline_usecase_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("usecase=\"RecordEvent\"", StringComparison.Ordinal) && l.Contains("outcome=\"ok\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("timeline_webhook_attempts_total{", StringComparison.Ordinal)
            && l.Contains("outcome=\"retrying\"", StringComparison.Ordinal));
        // The receiver said no: its alert waits for a retry, and the gauge counts it.
        Assert.Contains(lines, l => l.StartsWith("timeline_webhook_pending", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_Hangfire_job_run_is_measured_by_job_and_outcome()
    {
        // An instance that runs jobs, its webhook delivery every second.
        await using var jobs = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Timeline:RunJobs"] = "true",
            ["Timeline:SchedulePollingSeconds"] = "1",
            ["Timeline:Webhooks:Cron"] = "* * * * * *",
        });
        var admin = ApiFixture.Authorized(jobs.CreateClient(), ApiFixture.AdminKey);
        string[] lines = [];
        await Wait.Eventually(async () =>
        {
            lines = (await admin.GetStringAsync("/metrics")).Split('\n');
            return lines.Any(IsDeliveryRun);
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        Assert.Contains(lines, IsDeliveryRun);
        static bool IsDeliveryRun(string line) => line.StartsWith("timeline_job_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("job=\"WebhookDeliveryJob\"", StringComparison.Ordinal) && line.Contains("outcome=\"ok\"", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_webhook_is_one_warning_with_subscription_error_and_next_attempt_and_an_idle_job_run_says_nothing_above_debug()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 500;
        var tag = Bodies.UniqueTag();
        var subscription = await steps.SubscribeAsync(receiver, tag);
        await steps.RecordAsync(tag);
        var before = api.Logs.Entries.Count;
        await RunDeliveryJobAsync();

        var entries = api.Logs.Entries.Skip(before).ToList();
        var warning = Assert.Single(entries, e => e.Level == LogLevel.Warning && e.Message.Contains(subscription.ToString(), StringComparison.Ordinal));
        Assert.Contains("HTTP 500", warning.Message, StringComparison.Ordinal);
        Assert.Contains("next attempt at", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
        Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Webhook delivery: 0 delivered, 1 to retry", StringComparison.Ordinal));

        // Once the retries are used up or waiting, a run with nothing due logs only at Debug.
        // Stays: each retry falls due after the retry schedule's real 200 ms (the fixture's log subscribers run on the app's clock).
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await RunDeliveryJobAsync();
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await RunDeliveryJobAsync();
        await Task.Delay(WebhookFixture.RetryWait * 2);
        await RunDeliveryJobAsync();
        before = api.Logs.Entries.Count;
        await RunDeliveryJobAsync();
        var idle = api.Logs.Entries.Skip(before).ToList();
        Assert.Contains(idle, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Webhook delivery: 0 delivered, 0 to retry, 0 failed", StringComparison.Ordinal));
        Assert.DoesNotContain(idle, e => e.Level > LogLevel.Debug);
        Assert.DoesNotContain(api.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task Lines_written_in_a_request_carry_its_request_id_and_trace_id()
    {
        var editor = await api.As("editor");
        var before = api.Logs.Entries.Count;
        await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var line = Assert.Single(api.Logs.Entries.Skip(before), e => e.Message.StartsWith("RecordEvent ok in", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.True(line.Scope.ContainsKey("RequestPath"), "scope: " + string.Join(", ", line.Scope.Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal("/api/events", line.Scope.GetValueOrDefault("RequestPath")?.ToString());
        Assert.False(string.IsNullOrEmpty(line.Scope.GetValueOrDefault("RequestId")?.ToString()), "no RequestId in the line's scope");
        Assert.Matches("^[0-9a-f]{32}$", line.Scope.GetValueOrDefault("TraceId")?.ToString() ?? "");
    }

    private async Task RunDeliveryJobAsync()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<WebhookDeliveryJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }
}
