using System.Diagnostics;
using FluentValidation;
using Mediator;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Telemetry;

namespace Timeline.Api.Platform.Pipeline;

/// <summary>
/// First in the pipeline: every command and query is a span named after its use case, a measurement in
/// <c>timeline.usecase.duration</c> and a Debug line. Debug, because the request, the change log and the job's own
/// summary already say what happened; an unexpected failure is logged with its stack by the exception handler.
/// </summary>
public sealed class TelemetryBehaviour<TMessage, TResponse>(TimelineMetrics metrics, ILogger<TelemetryBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly string UseCase = typeof(TMessage).Name;
    private static readonly string Kind = typeof(TMessage).IsAssignableTo(typeof(IBaseQuery)) ? "query" : "command";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var span = TimelineTelemetry.Source.StartActivity(UseCase);
        span?.SetTag("timeline.usecase.kind", Kind);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception ex)
        {
            outcome = ex is ValidationException or ProblemException or OperationCanceledException ? "rejected" : "failed";
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.UseCaseDuration.Record(elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("usecase", UseCase), new KeyValuePair<string, object?>("outcome", outcome));
            logger.LogDebug("{UseCase} {Outcome} in {ElapsedMs:0.0} ms", UseCase, outcome, elapsed.TotalMilliseconds);
        }
    }
}
