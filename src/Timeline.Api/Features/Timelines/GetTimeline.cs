using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Timelines;

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
