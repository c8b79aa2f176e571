using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Timelines;

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
