using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Watches;

/// <summary>The <c>Timeline:Watches</c> configuration section.</summary>
public sealed class WatchOptions
{
    /// <summary>Hangfire cron of the poller, which checks the watches that are due (each at its own <c>every</c>).</summary>
    public string Cron { get; set; } = "* * * * *";

    /// <summary>Seconds one fetch may take, answer and body together.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>The largest document a source may send.</summary>
    public long MaxBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The longest wait after failures: each failure in a row doubles the watch's <c>every</c>, up to this.</summary>
    public double MaxBackoffHours { get; set; } = 24;

    /// <summary>Watches one poll takes at most.</summary>
    public int BatchSize { get; set; } = 20;
}

/// <summary>What a fetch brought: a document and its validators, or <see cref="NotModified"/>.</summary>
public sealed record Fetched(bool NotModified, byte[] Body, string? ETag, string? LastModified);

/// <summary>A fetch that failed, in words for the watch's <c>lastStatus</c>.</summary>
public sealed class FetchFailedException(string message) : Exception(message);

/// <summary>
/// Fetches a watched source with a conditional GET (its last <c>ETag</c> and <c>Last-Modified</c>), within a time limit
/// and a size limit, through the <c>watches</c> HTTP client: the webhooks' address guard checks every address it connects to.
/// </summary>
public sealed class SourceFetcher(IHttpClientFactory clients, IOptions<WatchOptions> options, ServedHere servedHere)
{
    public const string ClientName = "watches";

    public async Task<Fetched> FetchAsync(Watch watch, CancellationToken ct)
    {
        if (servedHere.TryRead(watch) is { } local)
        {
            return local;
        }

        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, watch.Url);
        request.Headers.TryAddWithoutValidation("Accept",
            "application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
        if (watch.ETag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", watch.ETag);
        }

        if (watch.LastModified is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", watch.LastModified);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new Fetched(true, [], watch.ETag, watch.LastModified);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FetchFailedException($"the source answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > settings.MaxBytes)
            {
                throw new FetchFailedException($"the source sends {response.Content.Headers.ContentLength} bytes, more than the {settings.MaxBytes} allowed (Timeline:Watches:MaxBytes)");
            }

            var body = await ReadAsync(response, settings.MaxBytes, limit.Token);
            return new Fetched(false, body, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchFailedException($"no whole answer within {settings.TimeoutSeconds:0.###} s (Timeline:Watches:TimeoutSeconds)");
        }
        catch (HttpRequestException ex)
        {
            throw new FetchFailedException($"the source could not be reached: {ex.Message}");
        }
        finally
        {
            _ = Stopwatch.GetElapsedTime(started);
        }
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, long max, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > max)
            {
                throw new FetchFailedException($"the source sent more than the {max} bytes allowed (Timeline:Watches:MaxBytes)");
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }
}
