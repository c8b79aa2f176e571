using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// The <c>Timeline:Import</c> configuration section. An import holds a connection and a transaction while it reads its
/// body, so a client that trickles it, or an import that would take very long, is stopped instead of holding them.
/// </summary>
public sealed class ImportLimits
{
    /// <summary>Bytes per second the body must arrive at, after <see cref="MinRateGraceSeconds"/>; slower is a 408.</summary>
    public double MinBytesPerSecond { get; set; } = 1024;

    public double MinRateGraceSeconds { get; set; } = 10;

    /// <summary>Seconds one import may take in all, reading and writing; past it nothing is recorded and the answer is a 408.</summary>
    public double MaxSeconds { get; set; } = 600;

    /// <summary>
    /// Bytes an FtM body may hold: it is planned whole (its lines refer to each other in any order), so it has a cap of
    /// its own, below the 256 MiB of NDJSON and CSV, which are streamed.
    /// </summary>
    public long MaxFtmBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Lines (entities) an FtM body may hold, junk lines included; past it the import is refused unread.</summary>
    public int MaxFtmEntities { get; set; } = 100_000;

    public bool IsValid => MinBytesPerSecond > 0 && MinRateGraceSeconds > 1 && MaxSeconds > 0 && MaxFtmBytes > 0 && MaxFtmEntities > 0;

    public ProblemException FtmTooLarge() => ProblemException.LimitReached(StatusCodes.Status413PayloadTooLarge, "Timeline:Import:MaxFtmBytes",
        string.Create(CultureInfo.InvariantCulture,
            $"an FtM body may hold at most {MaxFtmBytes / 1024 / 1024} MiB (Timeline:Import:MaxFtmBytes), so nothing was imported; split it into smaller files"));

    public ProblemException TooManyFtmEntities() => ProblemException.LimitReached(StatusCodes.Status413PayloadTooLarge, "Timeline:Import:MaxFtmEntities",
        string.Create(CultureInfo.InvariantCulture,
            $"an FtM body may hold at most {MaxFtmEntities} entities, one a line (Timeline:Import:MaxFtmEntities), so nothing was imported; split it into smaller files"));

    /// <summary>Kestrel enforces the rate (it is a feature of the connection, so absent under the in-memory test server).</summary>
    public void ApplyMinimumRate(HttpContext http)
    {
        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = new MinDataRate(MinBytesPerSecond, TimeSpan.FromSeconds(MinRateGraceSeconds));
        }
    }

    public ProblemException TimeLimitExceeded() => new(StatusCodes.Status408RequestTimeout, "Request timeout",
        string.Create(CultureInfo.InvariantCulture,
            $"the import took longer than the {MaxSeconds:0.###} s allowed (Timeline:Import:MaxSeconds), so nothing was imported; split it into smaller files"));

    public string TooSlow() => string.Create(CultureInfo.InvariantCulture,
        $"the body arrived slower than the {MinBytesPerSecond:0.###} bytes per second required (Timeline:Import:MinBytesPerSecond), so nothing was imported");
}
