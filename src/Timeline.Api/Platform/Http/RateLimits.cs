using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Timeline.Api.Platform.Http;

/// <summary>The <c>Timeline:RateLimits</c> configuration section: a token bucket per API key, and a stricter one per client address for requests without a valid key.</summary>
public sealed class RateLimitOptions
{
    public TokenBucket PerKey { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 20, PeriodSeconds = 1 };

    public TokenBucket PerAddress { get; set; } = new() { TokenLimit = 20, TokensPerPeriod = 1, PeriodSeconds = 1 };

    /// <summary>A burst of <see cref="TokenLimit"/> requests, then <see cref="TokensPerPeriod"/> more every <see cref="PeriodSeconds"/>.</summary>
    public sealed class TokenBucket
    {
        public int TokenLimit { get; set; }
        public int TokensPerPeriod { get; set; }
        public double PeriodSeconds { get; set; }

        public bool IsValid => TokenLimit > 0 && TokensPerPeriod > 0 && PeriodSeconds > 0;

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{TokenLimit} requests at once, then {TokensPerPeriod} every {PeriodSeconds:0.###} s");

        public TokenBucketRateLimiterOptions ToLimiter() => new()
        {
            TokenLimit = TokenLimit,
            TokensPerPeriod = TokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(PeriodSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by who is asking: the API key once authentication has found one, else the
/// client's address (unknown and revoked keys included, which also bounds guessing). Health checks are exempt, so an
/// orchestrator's probes never see a 429. A refusal is a 429 problem with <c>Retry-After</c>, naming the limit.
/// </summary>
public static class RateLimits
{
    public const string PerKey = "Timeline:RateLimits:PerKey";
    public const string PerAddress = "Timeline:RateLimits:PerAddress";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Timeline:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (!limits.PerKey.IsValid || !limits.PerAddress.IsValid)
        {
            throw new InvalidOperationException("Timeline:RateLimits: TokenLimit, TokensPerPeriod and PeriodSeconds must be positive for PerKey and PerAddress");
        }

        services.Configure<RateLimitOptions>(configuration.GetSection("Timeline:RateLimits"));
        services.AddSingleton<Features.Access.UnknownKeyLimiter>();
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } key
                    ? RateLimitPartition.GetTokenBucketLimiter($"key:{key}", _ => limits.PerKey.ToLimiter())
                    : RateLimitPartition.GetTokenBucketLimiter($"address:{http.Connection.RemoteIpAddress}", _ => limits.PerAddress.ToLimiter()));
            o.OnRejected = (context, ct) =>
            {
                var http = context.HttpContext;
                var (name, bucket) = http.User.FindFirstValue(ClaimTypes.NameIdentifier) is null
                    ? (PerAddress, limits.PerAddress)
                    : (PerKey, limits.PerKey);
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"the rate limit {name} ({bucket.Describe()}) is used up; try again in {wait} s",
                    Extensions = { ["limit"] = name },
                };
                return http.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            };
        });
    }
}
