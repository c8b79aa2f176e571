using System.Globalization;
using Timeline.Api.Features.Demo;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// A source this server serves itself from its web root: the demo's feed. It is read where it lies, never fetched: the
/// address guard rightly refuses the loopback address the server listens on, and a server need not ask the network for
/// a file it holds. Any other URL, this server's included, is fetched through the guard.
/// </summary>
public sealed class ServedHere(IWebHostEnvironment environment, IConfiguration configuration)
{
    /// <summary>The file's answer to the watch's conditional GET, or null when the watch does not watch it.</summary>
    public Fetched? TryRead(Watch watch)
    {
        if (!string.Equals(watch.Url, DemoWatch.Url(configuration), StringComparison.Ordinal))
        {
            return null;
        }

        var file = environment.WebRootFileProvider.GetFileInfo(DemoWatch.Path);
        if (!file.Exists)
        {
            return null;
        }

        // The same validator a static file answer carries: its length and its time of change.
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{file.Length:x}-{file.LastModified.UtcTicks:x}\"");
        var lastModified = file.LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (watch.ETag == etag)
        {
            return new Fetched(true, [], etag, lastModified);
        }

        using var stream = file.CreateReadStream();
        using var body = new MemoryStream();
        stream.CopyTo(body);
        return new Fetched(false, body.ToArray(), etag, lastModified);
    }
}
