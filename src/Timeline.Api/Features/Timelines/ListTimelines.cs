using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Timelines;

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
