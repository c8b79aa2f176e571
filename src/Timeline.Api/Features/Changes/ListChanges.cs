using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Platform.Http;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>One entry of the change log as clients read it: <c>data</c> is the entity as its <c>GET</c> answered right after.</summary>
public sealed record ChangeView(string Position, DateTimeOffset At, string Kind, string Entity, string Id, int Version, JsonElement Data);

/// <summary>A page of the log; <see cref="NextCursor"/> is always there, so a client polls on from where it stopped.</summary>
public sealed record ChangePage(IReadOnlyList<ChangeView> Items, string NextCursor);

/// <summary>The change log after a cursor (or from an instant), in log order, narrowed to some entities.</summary>
public sealed record ListChanges(string? After, string? Since, string? Types, int? Limit) : IQuery<ChangePage>
{
    public const int MaxLimit = 1_000;

    public string[]? Entities => Types?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

public sealed class ListChangesValidator : AbstractValidator<ListChanges>
{
    public ListChangesValidator()
    {
        RuleFor(x => x.After).Must(a => LogPosition.Decode(a) is not null).When(x => x.After is not null)
            .WithMessage("after is a position or nextCursor this log gave");
        RuleFor(x => x.Since).Must(s => TimelineQueryHandler.ParseInstant(s) is not null).When(x => x.Since is not null)
            .WithMessage("since must be an RFC 3339 instant, e.g. 2026-01-31T12:00:00Z");
        RuleFor(x => x).Must(x => x.After is null || x.Since is null).OverridePropertyName("since")
            .WithMessage("give after or since, not both");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListChanges.MaxLimit);
        RuleForEach(x => x.Entities).Must(e => ChangeEntities.All.Contains(e)).OverridePropertyName("types")
            .WithMessage($"types are {string.Join(", ", ChangeEntities.All)} (comma-separated)");
    }
}

public sealed class ListChangesHandler(TimelineDbContext db) : IQueryHandler<ListChanges, ChangePage>
{
    public async ValueTask<ChangePage> Handle(ListChanges query, CancellationToken cancellationToken)
    {
        var start = await StartAsync(query, cancellationToken);
        var page = await ChangeLogReader.ReadAsync(db, start, query.Limit ?? 100, query.Entities, cancellationToken);
        return new ChangePage([.. page.Items.Select(c => new ChangeView(c.Position.Encode(), c.At, c.Kind, c.Entity, c.EntityId, c.Version,
            JsonDocument.Parse(c.Data).RootElement))], page.Next.Encode());
    }

    /// <summary>
    /// After the cursor; or just before the first change recorded at or after <c>since</c> (found through the index on
    /// the changes' time, then read on in log order); or from the beginning.
    /// </summary>
    private async Task<LogPosition> StartAsync(ListChanges query, CancellationToken ct)
    {
        if (LogPosition.Decode(query.After) is { } after)
        {
            return after;
        }

        if (TimelineQueryHandler.ParseInstant(query.Since) is not { } since)
        {
            return LogPosition.Start;
        }

        // Served by the index on the changes' time; the log is read on from there in its own order.
        var first = await db.Database.SqlQuery<string>(
            $"""SELECT tx::text || '-' || (sequence - 1) AS "Value" FROM timeline.changes WHERE at >= {since} ORDER BY at LIMIT 1""")
            .FirstOrDefaultAsync(ct);
        if (first is not null)
        {
            return LogPosition.Decode(first)!.Value;
        }

        // Nothing that recent: start after the last change there is.
        var last = await db.Database.SqlQuery<string>(
            $"""SELECT tx::text || '-' || sequence AS "Value" FROM timeline.changes ORDER BY tx DESC, sequence DESC LIMIT 1""")
            .FirstOrDefaultAsync(ct);
        return LogPosition.Decode(last) ?? LogPosition.Start;
    }
}

public static class ChangeEndpoints
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public static void MapChangeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/changes", async (string? after, string? since, string? types, int? limit, HttpContext http, IMediator mediator,
                TimelineDbContext db, CancellationToken ct) =>
            {
                var query = new ListChanges(after, since, types, limit);
                if (!WantsNdjson(http.Request))
                {
                    return Results.Ok(await mediator.Send(query, ct));
                }

                // The first page checks the query; then the log is read to its end, a page at a time, never held whole.
                var first = await mediator.Send(query with { Limit = limit ?? ListChanges.MaxLimit }, ct);
                return Results.Stream(async body => await ChangeNdjson.WriteAsync(body, db, first, query.Entities, limit ?? ListChanges.MaxLimit, ct),
                    NdjsonMediaType);
            })
            .RunsAtMost(ConcurrencyCaps.Streams, WantsNdjson)
            .WithTags("Changes")
            .WithSummary("The change log after a cursor, in log order; Accept: application/x-ndjson streams every change to the end")
            .Produces<ChangePage>(StatusCodes.Status200OK)
            // A second Produces for the same status would replace the first, so the NDJSON form is added beside it.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                {
                    content[NdjsonMediaType] = new Microsoft.OpenApi.OpenApiMediaType
                    {
                        Schema = new Microsoft.OpenApi.OpenApiSchema
                        {
                            Type = Microsoft.OpenApi.JsonSchemaType.String,
                            Description = "one change a line, each as an item of the JSON form (a ChangeView), to the end of the log",
                        },
                    };
                }

                return Task.CompletedTask;
            });
    }

    private static bool WantsNdjson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(NdjsonMediaType, StringComparison.OrdinalIgnoreCase));
}
