using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Timeline.Api.Features.Access;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>
/// OpenTelemetry: traces and metrics of ASP.NET Core, HttpClient, Npgsql and the runtime, plus Timeline's own
/// (<see cref="TimelineMetrics"/>, <see cref="TimelineTelemetry.Source"/>). Sent over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise metrics are scraped from <c>/metrics</c> (admin keys only).
/// </summary>
public static class TelemetryRegistration
{
    public static bool ExportsOverOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = ExportsOverOtlp(builder.Configuration);
        builder.Services.AddSecretRedaction();
        builder.Services.AddSingleton<TimelineMetrics>();
        builder.Services.AddSingleton<TelemetrySample>();
        builder.Services.AddHostedService<TelemetrySampler>();
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(TimelineTelemetry.Name));
        if (otlp)
        {
            // Spans are recorded only when there is somewhere to send them: recording every request's and every SQL
            // command's span for nobody would cost each request CPU. Log lines carry trace ids either way.
            telemetry.WithTracing(tracing => tracing.AddSource(TimelineTelemetry.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                    o.EnrichWithHttpRequest = SecretRedaction.RedactQuery;
                })
                .AddHttpClientInstrumentation()
                // Outgoing calls are webhook deliveries, whose URLs may be credentials: spans carry them masked.
                .AddProcessor(new MaskedWebhookUrls())
                .AddNpgsql()
                .AddOtlpExporter());
        }

        telemetry
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TimelineTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
                else
                {
                    metrics.AddPrometheusExporter();
                }
            });
    }

    /// <summary><c>/metrics</c> in Prometheus' text format, for admin keys (a scraper sends one as a bearer token).</summary>
    public static void MapMetrics(this WebApplication app)
    {
        if (!ExportsOverOtlp(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Admin).DisableRateLimiting();
        }
    }
}

/// <summary>Masks <c>url.full</c> on outgoing HTTP spans before any exporter sees them (see <see cref="Features.Alerts.Webhooks.WebhookUrls"/>).</summary>
public sealed class MaskedWebhookUrls : BaseProcessor<System.Diagnostics.Activity>
{
    public override void OnEnd(System.Diagnostics.Activity data)
    {
        if (data.Kind == System.Diagnostics.ActivityKind.Client && data.GetTagItem("url.full") is string url)
        {
            data.SetTag("url.full", Features.Alerts.Webhooks.WebhookUrls.Masked(url));
        }
    }
}
