using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.BrowserTests.Support;

/// <summary>A server whose database holds ten thousand events (and nothing else), for the page's speed.</summary>
public sealed class LargeTimelineServer : PageServer
{
    public const int EventCount = 10_000;

    protected override bool LoadDemoTimeline => false;

    /// <summary>Written straight through the app's DbContext and its own field rules, in a few batches: recording ten
    /// thousand events one request at a time would take minutes.</summary>
    protected override async Task PrepareAsync()
    {
        await Admin.PostJsonAsync("/api/actors", new { code = "KP", name = "Democratic People's Republic of Korea", kind = "state" });
        await Admin.PostJsonAsync("/api/actors", new { code = "RU", name = "Russian Federation", kind = "state" });
        var now = DateTimeOffset.UtcNow;
        var first = new DateOnly(2000, 1, 1);
        for (var batch = 0; batch < EventCount; batch += 2_000)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            for (var i = batch; i < batch + 2_000; i++)
            {
                var day = first.AddDays(i);
                var e = new Event { EventId = Guid.CreateVersion7(now), RecordedAt = now, RecordedBy = "bulk", UpdatedAt = now, UpdatedBy = "bulk", Version = 1 };
                new EventFields
                {
                    Title = $"Bulk event {i:D5}",
                    Summary = "One of ten thousand events that test how the page copes with a long timeline.",
                    Occurred = (i % 7) switch { 0 => day.ToString("yyyy-MM"), 3 => day.ToString("yyyy-MM-dd") + "~", _ => day.ToString("yyyy-MM-dd") },
                    Type = "military.supply",
                    Status = i % 5 == 0 ? "confirmed" : "reported",
                    Actors = ["KP", "RU"],
                    Tags = ["bulk"],
                    Sources = [new SourceFields { Url = $"https://example.org/bulk/{i}", Title = "A bulk source", Publisher = "Example" }],
                }.ApplyTo(e);
                db.Events.Add(e);
                db.EventRevisions.Add(e.ToRevision("recorded", null));
            }

            await db.SaveChangesAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LargeTimelineCollection : ICollectionFixture<LargeTimelineServer>
{
    public const string Name = "browser, ten thousand events";
}
