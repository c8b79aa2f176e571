using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Alerts.Stream;

/// <summary>
/// The alert streams open on this instance, by API key: caps how many one key holds
/// (<c>Timeline:Limits:StreamsPerKey</c>), and ends them all when the key is revoked, here or on another instance
/// (<see cref="AlertListener"/> hears the revocation).
/// </summary>
public sealed class OpenStreams(IOptions<AlertLimits> limits)
{
    private readonly ConcurrentDictionary<Guid, KeyStreams> byKey = new();

    /// <summary>The keys with a stream open now.</summary>
    public IReadOnlyCollection<Guid> Keys => [.. byKey.Keys];

    /// <summary>Counts a new stream of <paramref name="key"/>; its token is cancelled when the key is revoked.</summary>
    public Lease Open(Guid key)
    {
        var max = limits.Value.StreamsPerKey;
        while (true)
        {
            var streams = byKey.GetOrAdd(key, _ => new KeyStreams());
            lock (streams)
            {
                if (streams.Ended)
                {
                    continue; // emptied and removed meanwhile: take a fresh entry
                }

                if (streams.Count >= max)
                {
                    throw ProblemException.LimitReached(StatusCodes.Status429TooManyRequests, AlertLimits.Streams,
                        $"this API key has {streams.Count} alert streams open, the most {AlertLimits.Streams} allows ({max}); close one first");
                }

                streams.Count++;
                return new Lease(this, key, streams);
            }
        }
    }

    /// <summary>Ends every open stream of a revoked key.</summary>
    public void Revoked(Guid key)
    {
        if (byKey.TryRemove(key, out var streams))
        {
            lock (streams)
            {
                streams.Ended = true;
            }

            streams.Revocation.Cancel();
        }
    }

    private void Close(Guid key, KeyStreams streams)
    {
        lock (streams)
        {
            if (--streams.Count > 0)
            {
                return;
            }

            if (!streams.Ended)
            {
                streams.Ended = true;
                byKey.TryRemove(new KeyValuePair<Guid, KeyStreams>(key, streams));
            }

            streams.Dispose();
        }
    }

    internal sealed class KeyStreams : IDisposable
    {
        public int Count;
        public bool Ended;
        public readonly CancellationTokenSource Revocation = new();

        public void Dispose() => Revocation.Dispose();
    }

    /// <summary>One open stream: dispose it when the stream ends.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly OpenStreams owner;
        private readonly Guid key;
        private readonly KeyStreams streams;
        private int disposed;

        internal Lease(OpenStreams owner, Guid key, KeyStreams streams) => (this.owner, this.key, this.streams) = (owner, key, streams);

        /// <summary>Cancelled when the key is revoked.</summary>
        public CancellationToken Revoked => streams.Revocation.Token;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Close(key, streams);
            }
        }
    }
}
