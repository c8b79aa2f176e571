using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Leads;
using Timeline.Api.Features.Watches;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Demo;

/// <summary>
/// The demo's watch: a small Atom feed of the seed article and the sources it cites, which the server itself serves
/// (<c>wwwroot/demo/sources.atom</c>). Its first check reads the file where it lies, so a fresh start shows a few leads
/// without any network; later checks read it there too (<see cref="ServedHere"/>), with the validators of a conditional GET.
/// </summary>
public static class DemoWatch
{
    public const string Path = "demo/sources.atom";

    public static async Task LoadAsync(IServiceProvider services, TimelineDbContext db, CancellationToken ct)
    {
        if (await db.Watches.AnyAsync(ct))
        {
            return;
        }

        var file = services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo(Path);
        if (!file.Exists)
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var watch = new Watch
        {
            Id = Guid.CreateVersion7(now), Name = "Seed article and its sources (demo)", Url = Url(services.GetRequiredService<IConfiguration>()),
            Every = "P1D", EverySeconds = 86_400, Exclude = ["vacancy"], Reliability = "B", CreatedAt = now, CreatedBy = DemoTimelineLoader.RecordedBy,
            NextCheckAt = now,
        };
        db.Watches.Add(watch);
        await db.SaveChangesAsync(ct);

        var feed = services.GetRequiredService<ServedHere>().TryRead(watch)!;
        await services.GetRequiredService<IMediator>().Send(new RecordLeads(watch.Id, FeedDocument.Read(feed.Body), feed.ETag, feed.LastModified), ct);
    }

    /// <summary>The demo feed's address: where this server listens, as a client on this machine reaches it.</summary>
    public static string Url(IConfiguration configuration) => $"{OwnAddress(configuration)}/{Path}";

    /// <summary>Where this server listens, as a client on this machine reaches it.</summary>
    private static string OwnAddress(IConfiguration configuration)
    {
        var first = (configuration["urls"] ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }
}
