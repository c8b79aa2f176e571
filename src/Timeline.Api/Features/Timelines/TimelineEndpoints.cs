using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Timelines;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.Timelines;

public sealed record TimelineView(string Slug, string Title, string? Description, TimelineFilter Filter, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record SaveTimeline : ICommand<TimelineView>
{
    public string? Slug { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public TimelineFilter? Filter { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string CreatedBy { get; init; } = "";
}

public sealed class SaveTimelineValidator : AbstractValidator<SaveTimeline>
{
    public SaveTimelineValidator()
    {
        RuleFor(x => x.Slug).NotEmpty().MaximumLength(100).Matches("^[a-z0-9][a-z0-9-]*$")
            .WithMessage("a slug is lower-case letters, digits and '-', e.g. dprk-russia");
        RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
        RuleFor(x => x.Description).MaximumLength(2_000);
        RuleFor(x => x.Filter).NotNull().WithMessage("a filter is required ({} shows everything)")
            .SetValidator(new TimelineFilterValidator()!);
    }
}

public sealed class SaveTimelineHandler(TimelineDbContext db, TimeProvider clock, History history, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : ICommandHandler<SaveTimeline, TimelineView>
{
    public async ValueTask<TimelineView> Handle(SaveTimeline command, CancellationToken cancellationToken)
    {
        // Refuses identifiers no actor has and an actorsOf that names no actors, as the query would.
        await command.Filter!.ResolveAsync(db, cancellationToken);
        var timeline = new SavedTimeline
        {
            Slug = command.Slug!,
            Title = command.Title!.Trim(),
            Description = command.Description,
            Filter = JsonSerializer.Serialize(command.Filter, json.Value.SerializerOptions),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = command.CreatedBy,
        };
        var view = await history.RecordAsync(new TimelineHistory(json.Value.SerializerOptions), timeline, ChangeKinds.TimelineSaved, cancellationToken);
        await db.SaveNewAsync($"a timeline '{command.Slug}' already exists", cancellationToken);
        return view;
    }
}

public sealed record ListTimelines : IQuery<IReadOnlyList<TimelineView>>;

public sealed class ListTimelinesHandler(TimelineDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IQueryHandler<ListTimelines, IReadOnlyList<TimelineView>>
{
    public async ValueTask<IReadOnlyList<TimelineView>> Handle(ListTimelines query, CancellationToken cancellationToken)
    {
        var rows = await db.Timelines.AsNoTracking().OrderBy(t => t.Slug)
            .Select(t => new { t.Slug, t.Title, t.Description, t.Filter, t.CreatedAt, t.CreatedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(t => new TimelineView(t.Slug, t.Title, t.Description,
            JsonSerializer.Deserialize<TimelineFilter>(t.Filter, json.Value.SerializerOptions)!, t.CreatedAt, t.CreatedBy))];
    }
}

public sealed record GetTimeline(string Slug) : IQuery<TimelineView>;

public sealed class GetTimelineHandler(TimelineDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IQueryHandler<GetTimeline, TimelineView>
{
    public async ValueTask<TimelineView> Handle(GetTimeline query, CancellationToken cancellationToken)
    {
        var t = await db.Timelines.AsNoTracking().Where(t => t.Slug == query.Slug)
            .Select(t => new { t.Slug, t.Title, t.Description, t.Filter, t.CreatedAt, t.CreatedBy })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"timeline '{EchoedValue.Cut(query.Slug)}'");
        return new TimelineView(t.Slug, t.Title, t.Description,
            JsonSerializer.Deserialize<TimelineFilter>(t.Filter, json.Value.SerializerOptions)!, t.CreatedAt, t.CreatedBy);
    }
}

public static class TimelineEndpoints
{
    /// <summary>Paging and replay parameters for running a saved timeline; the filter comes from the timeline.</summary>
    public sealed record RunParameters(string? AsOf, string? Order, string? Limit, string? Cursor);

    public static void MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/timeline", async ([AsParameters] TimelineQuery query, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(query, ct)))
            .TakesOnlyQueryOf<TimelineQuery>()
            .WithTags("Timeline").WithSummary("The chronological timeline: filtered, keyset-paged, optionally as recorded at an instant")
            .WithDescription(Platform.Hosting.ApiDescriptions.Timeline);

        var timelines = app.MapGroup("/api/timelines").WithTags("Saved timelines");
        timelines.MapGet("/", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListTimelines(), ct)))
            .WithSummary("List saved timelines");
        timelines.MapPost("/", async (SaveTimeline command, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var saved = await mediator.Send(command with { CreatedBy = http.User.AnalystName() }, ct);
            return TypedResults.Created($"/api/timelines/{saved.Slug}", saved);
        }).RequireAuthorization(Policies.Editor)
          .Answers(StatusCodes.Status409Conflict, "a timeline with this slug exists")
          .WithSummary("Save a named timeline (a filter)");
        timelines.MapGet("/{slug}", async (string slug, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetTimeline(slug), ct))).WithSummary("Read a saved timeline");
        timelines.MapGet("/{slug}/events", async (string slug, [AsParameters] RunParameters run, IMediator mediator, CancellationToken ct) =>
        {
            var timeline = await mediator.Send(new GetTimeline(slug), ct);
            var query = TimelineQuery.Of(timeline.Filter) with { AsOf = run.AsOf, Order = run.Order, Limit = run.Limit, Cursor = run.Cursor };
            return TypedResults.Ok(await mediator.Send(query, ct));
        }).TakesOnlyQueryOf<RunParameters>().WithSummary("Run a saved timeline");
    }
}
