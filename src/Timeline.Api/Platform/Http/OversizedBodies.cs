using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// A body whose declared length is over its endpoint's limit gets a 413 problem. Kestrel would refuse it on the first
/// read and close the connection while the client is still sending, and a socket closed with unread bytes resets: most
/// clients then see a broken connection and never read the 413. So the body (up to <see cref="DrainBytes"/> past the
/// limit, from an authorised caller) is read and dropped first, and the 413 is the answer the client reads.
/// </summary>
public sealed class OversizedBodies(RequestDelegate next)
{
    /// <summary>How far past its limit a body is still read away; beyond that the connection is closed, as before.</summary>
    public const long DrainBytes = 16L * 1024 * 1024;

    private static readonly TimeSpan LongestDrain = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext http)
    {
        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? size?.MaxRequestBodySize;
        if (http.Request.ContentLength is not { } length || limit is null || length <= limit)
        {
            await next(http);
            return;
        }

        if (length <= limit + DrainBytes && size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = length;
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            drain.CancelAfter(LongestDrain);
            try
            {
                await http.Request.Body.CopyToAsync(Stream.Null, drain.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                // The client stopped sending or sends too slowly: the 413 still goes out, on a connection that then closes.
            }
        }

        throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "Request too large",
            $"the body is larger than the {limit.Value / 1024 / 1024} MiB allowed");
    }
}
