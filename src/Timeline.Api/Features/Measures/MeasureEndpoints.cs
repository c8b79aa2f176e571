using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Measures;

public static class MeasureEndpoints
{
    /// <summary>The query of a measure's CSV download.</summary>
    public sealed record MeasureDownload(string? Format, string? Bom = null);

    public sealed record RetractionBody(string? Reason);

    public static void MapMeasureEndpoints(this IEndpointRouteBuilder app)
    {
        var measures = app.MapGroup("/api/measures").WithTags("Estimates");
        measures.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListMeasures(), ct)))
            .WithSummary("Every measure (a quantity analysts follow), by code");
        measures.MapPost("/", async (RecordMeasure command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var measure = await mediator.Send(command with { RecordedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/measures/{measure.Code}", measure);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "a measure with this code exists")
          .WithSummary("Record a measure: its code, name, unit and the actors it concerns");
        measures.MapGet("/{code}", async (string code, string? asOf, IMediator mediator, CancellationToken ct) =>
            await mediator.Send(new ShowMeasure(code, asOf), ct))
            .Produces<MeasureWithClaims>()
            .WithSummary("A measure, its current claims (oldest asOf first) and their summary: low, high, claims, independent sources, latest asOf")
            .WithDescription("""
                No midpoint and no mean: `low` is the least any current claim allows, `high` the most (an at-least claim sets no
                upper bound). Claims that derive from one another (derivedFrom, directly or not) or cite the same URL count as one
                independent source. `asOf` (an instant) answers as the claims were known then: recorded by then, and not retracted by then.
                """);
        measures.MapPost("/{code}/claims", async (string code, RecordClaim command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var claim = await mediator.Send(command with { Measure = code, RecordedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/measures/{code}", claim);
        }).RequireAuthorization(Policies.Editor)
          .WithSummary("Record one source's figure for a measure (claims are not amended: a corrected figure is a new claim)");
        measures.MapGet("/{code}/download", async (string code, [AsParameters] MeasureDownload download, HttpContext http, IMediator mediator,
            CancellationToken ct) =>
        {
            if (download.Format != "csv")
            {
                throw ProblemException.BadRequest("format", "format is csv");
            }

            if (download.Bom is not (null or "true" or "false"))
            {
                throw ProblemException.BadRequest("bom", "bom is true (the default: the CSV starts with a UTF-8 byte-order mark) or false");
            }

            var measure = await mediator.Send(new GetMeasure(code), ct);
            var bytes = MeasureCsv.Of(measure, download.Bom != "false");
            return TypedResults.File(bytes, MeasureCsv.Type, $"{measure.Code}.csv");
        }).TakesOnlyQueryOf<MeasureDownload>()
          .Produces(StatusCodes.Status200OK, contentType: MeasureCsv.Type)
          .WithSummary("A measure's current claims as CSV (format=csv; bom=false leaves out the byte-order mark)");

        app.MapPost("/api/claims/{id:guid}/retraction", async (Guid id, RetractionBody body, HttpContext http, IMediator mediator,
            CancellationToken ct) => TypedResults.Ok(await mediator.Send(new RetractClaim(id, body.Reason, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .WithTags("Estimates")
            .Answers(StatusCodes.Status409Conflict, "the claim is already retracted")
            .WithSummary("Retract a claim, with the reason: it leaves the list and the summary, and stays on record");

        app.MapGet("/api/events/{id:guid}/claims", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListEventClaims(id), ct)))
            .WithTags("Estimates")
            .WithSummary("The current claims linked to an event (their eventId), oldest asOf first, each with its measure's name and unit");
    }
}
