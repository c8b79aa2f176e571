using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Access;

/// <summary>
/// Unknown and revoked keys per client address, counted before the database is asked about the next one: the rate
/// limiter runs after authentication (it needs to know the key), so without this an address already limited would
/// still cost a query per guess. Only failures are counted, so valid keys behind a shared proxy never use it up. Its
/// bucket is <c>Timeline:RateLimits:PerAddress</c>'s.
/// </summary>
public sealed class UnknownKeyLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    public const string RefusedItem = "Timeline.UnknownKeysUsedUp";

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetTokenBucketLimiter(address, _ => options.Value.PerAddress.ToLimiter()));

    /// <summary>Whether the address has guesses left; takes none (a valid key must not pay for the look-up).</summary>
    public bool MayLookUp(string address) => limiter.GetStatistics(address)?.CurrentAvailablePermits is not <= 0;

    /// <summary>One more unknown key from the address.</summary>
    public void Count(string address)
    {
        using var lease = limiter.AttemptAcquire(address);
    }

    public Task WriteRefusalAsync(HttpContext http, IProblemDetailsService problems)
    {
        var bucket = options.Value.PerAddress;
        var wait = Math.Max(1, (int)Math.Ceiling(bucket.PeriodSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"too many unknown API keys from this address: the rate limit {RateLimits.PerAddress} ({bucket.Describe()}) " +
                    $"is used up; try again in {wait} s",
                Extensions = { ["limit"] = RateLimits.PerAddress },
            },
        }).AsTask();
    }

    public void Dispose() => limiter.Dispose();
}
