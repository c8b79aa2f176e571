using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Timeline.Api.Access;
using Timeline.Api.Http;

namespace Timeline.Api.Events.Import;

public static class ImportEndpoints
{
    /// <summary>The largest import body: a few hundred thousand events; larger histories go in several files.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    public static RouteHandlerBuilder MapImportEvents(this RouteGroupBuilder events) =>
        events.MapPost("/import", async (HttpContext http, IMediator mediator, IOptions<ImportLimits> limits, string? mode, CancellationToken ct) =>
        {
            if (mode is not (null or "all" or "partial"))
            {
                throw ProblemException.BadRequest("mode", "mode is all (the default: any rejected line rejects the import) or partial (keep the good lines)");
            }

            var format = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
            {
                "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => ImportFormat.Ndjson,
                "text/csv" => ImportFormat.Csv,
                _ => throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "send the events as application/x-ndjson (one JSON object per line) or text/csv (with a header row)"),
            };

            limits.Value.ApplyMinimumRate(http);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(limits.Value.MaxSeconds));
            try
            {
                var result = await mediator.Send(new ImportEvents(http.Request.Body, format, mode == "partial", http.User.AnalystName()), deadline.Token);
                return Results.Ok(result);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw limits.Value.TimeLimitExceeded();
            }
            catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }
                || ex.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout })
            {
                // Kestrel's minimum data rate (set above) stopped reading the body.
                throw new ProblemException(StatusCodes.Status408RequestTimeout, "Request timeout", limits.Value.TooSlow());
            }
            catch (ImportRejectedException rejected)
            {
                var r = rejected.Result;
                return Results.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Import rejected",
                    detail: $"{r.RejectedCount} {(r.RejectedCount == 1 ? "line was" : "lines were")} rejected, so nothing was imported; " +
                            "fix them, or send ?mode=partial to keep the good lines",
                    extensions: new Dictionary<string, object?>
                    {
                        ["imported"] = 0,
                        ["skipped"] = r.Skipped,
                        ["rejectedCount"] = r.RejectedCount,
                        ["rejected"] = r.Rejected,
                    });
            }
        }).RequireAuthorization(Policies.Editor)
          .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
          .Accepts<ImportLine>("application/x-ndjson", "text/csv")
          .Produces<ImportResult>()
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Import events from NDJSON or CSV: all or nothing, or ?mode=partial; lines whose externalId is recorded are skipped");
}
