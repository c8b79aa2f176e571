using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Idempotency;

namespace Timeline.Api.Features.Events.Import;

public static class ImportEndpoints
{
    /// <summary>The largest import body: a few hundred thousand events; larger histories go in several files.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>FollowTheMoney entities as JSON lines; a JSON-lines type with <c>?format=ftm</c> says the same.</summary>
    public const string FtmMediaType = "application/vnd.followthemoney+json";

    public static RouteHandlerBuilder MapImportEvents(this RouteGroupBuilder events) =>
        events.MapPost("/import", async (HttpContext http, IMediator mediator, IdempotencyContext idempotency, IOptions<ImportLimits> limits, string? mode, string? format, CancellationToken ct) =>
        {
            if (mode is not (null or "all" or "partial"))
            {
                throw ProblemException.BadRequest("mode", "mode is all (the default: any rejected line rejects the import) or partial (keep the good lines)");
            }

            var chosen = Format(http.Request.ContentType, format);

            limits.Value.ApplyMinimumRate(http);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(limits.Value.MaxSeconds));
            try
            {
                // Received and checked before the command's transaction opens; the transaction then only reads a local file.
                await using var body = await ImportSpool.ReceiveAsync(http.Request.Body, deadline.Token);
                if (idempotency.Key is not null)
                {
                    idempotency.Fingerprinted(await IdempotencyContext.FingerprintAsync(http.Request.Method, IdempotencyContext.PathOf(http), body, deadline.Token));
                    body.Position = 0;
                }

                if (chosen == ImportFormat.Ftm && body.Length > limits.Value.MaxFtmBytes)
                {
                    throw limits.Value.FtmTooLarge();
                }

                var result = await mediator.Send(new ImportEvents(body, chosen, mode == "partial", http.User.AnalystName()), deadline.Token);
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
                return ImportRejectedProblem.Answer(rejected.Result);
            }
        }).RequireAuthorization(Policies.Editor)
          .RunsAtMost(ConcurrencyCaps.Imports)
          .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes), new ReceivesItsOwnBody())
          .Accepts<ImportLine>("application/x-ndjson", "text/csv", FtmMediaType)
          .Produces<ImportResult>()
          .Produces<ImportRejectedProblem>(StatusCodes.Status422UnprocessableEntity, ErrorResponses.ProblemMediaType)
          .Answers(StatusCodes.Status408RequestTimeout, "the body arrived too slowly, or the import took too long (the problem names the limit); nothing was imported")
          .Answers(StatusCodes.Status409Conflict, "another import recorded some of these externalIds (or actors) meanwhile; send the body again")
          .Answers(StatusCodes.Status422UnprocessableEntity, "a line was rejected, so nothing was imported (without ?mode=partial): the body lists the rejected lines")
          .WithSummary("Import events from NDJSON, CSV or FollowTheMoney entities: all or nothing, or ?mode=partial; lines whose externalId is recorded are skipped");

    /// <summary>
    /// The body's format, by its media type; <c>format=ftm</c> reads a JSON-lines body as FtM entities, since FtM files
    /// are usually sent as plain JSON lines. A <c>format</c> that contradicts the media type is a 415.
    /// </summary>
    private static ImportFormat Format(string? contentType, string? format)
    {
        var byMediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => ImportFormat.Ndjson,
            "text/csv" => ImportFormat.Csv,
            FtmMediaType => ImportFormat.Ftm,
            _ => throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"send the events as application/x-ndjson (one JSON object per line), text/csv (with a header row) or {FtmMediaType} (FollowTheMoney entities, one per line)"),
        };

        return (format?.ToLowerInvariant(), byMediaType) switch
        {
            (null, _) => byMediaType,
            ("ftm", ImportFormat.Ndjson or ImportFormat.Ftm) => ImportFormat.Ftm,
            ("ndjson", ImportFormat.Ndjson) or ("csv", ImportFormat.Csv) => byMediaType,
            ("ftm" or "ndjson" or "csv", _) => throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"format={EchoedValue.Cut(format!)} does not read a {contentType} body: FtM and NDJSON are JSON lines, CSV is text/csv"),
            _ => throw ProblemException.BadRequest("format", "format is ndjson, csv or ftm (FollowTheMoney entities); without it the Content-Type decides"),
        };
    }
}
