using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// The <c>Timeline:Concurrency</c> section: how many of the costly answers may run at once, per key and overall. A
/// download, the NDJSON change log and the calendar each read a whole view; an import writes one. A rate limit counts
/// requests, not how long they run, so these are counted while they run.
/// </summary>
public sealed class ConcurrencyOptions
{
    public Cap Streams { get; set; } = new() { PerKey = 2, Overall = 8 };

    public Cap Imports { get; set; } = new() { PerKey = 1, Overall = 4 };

    public sealed class Cap
    {
        public int PerKey { get; set; }
        public int Overall { get; set; }
        public bool IsValid => PerKey > 0 && Overall > 0;
    }
}

/// <summary>
/// Counts what runs now of each kind (<see cref="Streams"/>, <see cref="Imports"/>), per key and overall; one over a cap
/// is a 429 problem naming the setting (<c>limit</c>). Counted in this instance: each instance has its own caps.
/// </summary>
public sealed class ConcurrencyCaps(IOptions<ConcurrencyOptions> options)
{
    public const string Streams = "Streams";
    public const string Imports = "Imports";

    private readonly Dictionary<string, int> running = [];
    private readonly Lock gate = new();

    /// <summary>A place for <paramref name="who"/>'s request of this kind, released when disposed; or the setting it would exceed.</summary>
    public (IDisposable? Place, string? Exceeded) TryEnter(string kind, string who)
    {
        var cap = kind == Imports ? options.Value.Imports : options.Value.Streams;
        var (all, mine) = (kind, $"{kind}:{who}");
        lock (gate)
        {
            if (running.GetValueOrDefault(all) >= cap.Overall)
            {
                return (null, $"Timeline:Concurrency:{kind}:Overall");
            }

            if (running.GetValueOrDefault(mine) >= cap.PerKey)
            {
                return (null, $"Timeline:Concurrency:{kind}:PerKey");
            }

            running[all] = running.GetValueOrDefault(all) + 1;
            running[mine] = running.GetValueOrDefault(mine) + 1;
        }

        return (new Place(this, all, mine), null);
    }

    private void Leave(string all, string mine)
    {
        lock (gate)
        {
            foreach (var counter in new[] { all, mine })
            {
                if (--running[counter] == 0)
                {
                    running.Remove(counter);
                }
            }
        }
    }

    private sealed class Place(ConcurrencyCaps caps, string all, string mine) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                caps.Leave(all, mine);
            }
        }
    }

    public int Limit(string setting)
    {
        var cap = setting.Contains(Imports, StringComparison.Ordinal) ? options.Value.Imports : options.Value.Streams;
        return setting.EndsWith("PerKey", StringComparison.Ordinal) ? cap.PerKey : cap.Overall;
    }
}

public static class ConcurrencyCapEndpoints
{
    /// <summary>
    /// Holds a place of <paramref name="kind"/> while the request runs, its streamed answer included (the place is given
    /// back when the response has been written, or the request aborted).
    /// </summary>
    public static TBuilder RunsAtMost<TBuilder>(this TBuilder endpoint, string kind, Func<HttpRequest, bool>? when = null)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (when is not null && !when(http.Request))
            {
                return await next(context);
            }

            var who = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? $"address:{http.Connection.RemoteIpAddress}";
            var caps = http.RequestServices.GetRequiredService<ConcurrencyCaps>();
            var (place, exceeded) = caps.TryEnter(kind, who);
            if (place is null)
            {
                return TooMany(exceeded!, caps.Limit(exceeded!));
            }

            // A streamed result writes after this filter has returned: the place is given back once it has been written
            // (or, should it never run, when the response ends).
            http.Response.RegisterForDispose(place);
            if (kind == ConcurrencyCaps.Streams)
            {
                // The stream's place stands for its reads' turns: its queries take none (ReadTurnHeld).
                http.RequestServices.GetRequiredService<Pipeline.ReadTurnHeld>().Held = true;
            }

            var result = await next(context);
            if (result is IResult answer)
            {
                return new Holding(answer, place);
            }

            place.Dispose();
            return result;
        });

    private sealed class Holding(IResult inner, IDisposable place) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                place.Dispose();
            }
        }
    }

    private static RetryAfter TooMany(string setting, int limit)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = string.Create(CultureInfo.InvariantCulture, $"the limit {setting} ({limit} at once) is reached; try again when one has finished"),
            Extensions = { ["limit"] = setting },
        };
        return new RetryAfter(TypedResults.Problem(problem));
    }

    /// <summary>The problem, with <c>Retry-After: 1</c> as the rate limit's refusals have.</summary>
    private sealed class RetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
