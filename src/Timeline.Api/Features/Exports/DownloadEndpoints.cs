using Mediator;
using Microsoft.OpenApi;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Timelines;

namespace Timeline.Api.Features.Exports;

public static class DownloadEndpoints
{
    /// <summary>A saved timeline's download: the filter is the timeline's.</summary>
    public sealed record SavedTimelineDownload(string? Format, string? AsOf, string? Order, string? Group, string? Bom = null);

    public static void MapDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/timeline/download", ([AsParameters] TimelineDownload download, HttpContext http, TimeProvider clock, IMediator mediator,
                CancellationToken ct) =>
            {
                var query = TimelineQuery.Of(download) with { AsOf = download.AsOf, Order = download.Order };
                var name = $"timeline-{clock.GetUtcNow():yyyy-MM-dd}";
                return DownloadTimeline.Answer(query, download.Format, download.Group, name, http, mediator, ct, download.Bom);
            })
            .TakesOnlyQueryOf<TimelineDownload>()
            .WithTags("Timeline")
            .WithSummary("The timeline view, whole, as CSV, NDJSON, FollowTheMoney or TimelineJS (format=)")
            .WithDescription(DownloadTimeline.Description)
            .DownloadBodies()
            .RunsAtMost(ConcurrencyCaps.Streams);

        app.MapGet("/api/timelines/{slug}/download", async (string slug, [AsParameters] SavedTimelineDownload download, HttpContext http,
                IMediator mediator, CancellationToken ct) =>
            {
                var timeline = await mediator.Send(new GetTimeline(slug), ct);
                var query = TimelineQuery.Of(timeline.Filter) with { AsOf = download.AsOf, Order = download.Order };
                return await DownloadTimeline.Answer(query, download.Format, download.Group, timeline.Slug, http, mediator, ct, download.Bom);
            })
            .TakesOnlyQueryOf<SavedTimelineDownload>()
            .WithTags("Saved timelines")
            .WithSummary("A saved timeline, whole, as CSV, NDJSON, FollowTheMoney or TimelineJS (format=)")
            .WithDescription(DownloadTimeline.Description)
            .DownloadBodies()
            .RunsAtMost(ConcurrencyCaps.Streams);
    }

    /// <summary>Each format's body in the document's 200 answer, with the Content-Disposition header.</summary>
    private static RouteHandlerBuilder DownloadBodies(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces(StatusCodes.Status200OK, contentType: CsvDownload.Type)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters ?? [])
                {
                    if (parameter is OpenApiParameter { Name: "format" } format)
                    {
                        format.Required = true;
                        format.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [.. DownloadFormats.All.Select(f => (System.Text.Json.Nodes.JsonNode)f)],
                        };
                    }
                    else if (parameter is OpenApiParameter { Name: "bom" } bom)
                    {
                        bom.Description = "CSV only: false leaves out the UTF-8 byte-order mark the file starts with";
                        bom.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["true", "false"], Default = "true" };
                    }
                    else if (parameter is OpenApiParameter { Name: "group" } group)
                    {
                        group.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["type", "actor"] };
                    }
                }

                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Description = "the download, named by Content-Disposition";
                    response.Content = DownloadFormats.Bodies.ToDictionary(b => b.MediaType, b => new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = b.MediaType == TimelineJsDownload.Type ? JsonSchemaType.Object : JsonSchemaType.String, Description = b.Description },
                    });
                    response.Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["Content-Disposition"] = new OpenApiHeader
                        {
                            Description = "attachment; filename=\"<timeline>.<csv|ndjson|ftm.json|timeline.json>\"",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    };
                }

                return Task.CompletedTask;
            });
}
