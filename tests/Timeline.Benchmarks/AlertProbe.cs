using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;

namespace Timeline.Benchmarks;

/// <summary>
/// A client of <c>GET /api/alerts/stream</c> (SSE), as a subscriber's browser would be, timing each alert from its
/// change to the moment the stream hands it over. A change's time is its event's <c>updatedAt</c>: the instant the
/// write took just before its commit, so the lag measured includes the rest of that write and is never less than the
/// true commit-to-stream lag. Its own clock and the API's are the same machine's.
/// </summary>
public sealed class AlertProbe : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly List<double> lags = [];
    private readonly List<double> matched = [];
    private Task reading = Task.CompletedTask;
    private long received;

    private AlertProbe(HttpClient http) => this.http = http;

    /// <summary>Alerts read from the stream since it opened.</summary>
    public long Received => Interlocked.Read(ref received);

    public static async Task<AlertProbe> OpenAsync(ApiProcess api, string key)
    {
        var probe = new AlertProbe(api.Client(key, Timeout.InfiniteTimeSpan));
        var open = new TaskCompletionSource();
        probe.reading = Task.Run(() => probe.ReadAsync(open));
        await open.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return probe;
    }

    private async Task ReadAsync(TaskCompletionSource open)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            // Lines as UTF-8 bytes, and of each alert only the two times it needs: the probe shares the machine's two cores
            // with the API it measures, and a client that parsed each alert whole (some 2 KB, thousands a second) took a
            // twentieth of them.
            var pipe = PipeReader.Create(await response.Content.ReadAsStreamAsync(stop.Token));
            while (true)
            {
                var result = await pipe.ReadAsync(stop.Token);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    if (line.Length >= 6 && Starts(line, "retry:"u8))
                    {
                        open.TrySetResult();
                    }
                    else if (line.Length >= 6 && Starts(line, "data: "u8))
                    {
                        Record(line.Slice(6), DateTimeOffset.UtcNow);
                    }

                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            open.TrySetException(ex);
            throw;
        }
    }

    private static bool Starts(ReadOnlySequence<byte> line, ReadOnlySpan<byte> prefix)
    {
        Span<byte> head = stackalloc byte[prefix.Length];
        line.Slice(0, prefix.Length).CopyTo(head);
        return head.SequenceEqual(prefix);
    }

    /// <summary>The alert's <c>createdAt</c> and its event's <c>updatedAt</c> (<c>data.event.updatedAt</c>), the rest skipped.</summary>
    private void Record(ReadOnlySequence<byte> json, DateTimeOffset now)
    {
        var reader = new Utf8JsonReader(json);
        DateTimeOffset? created = null, change = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            // Every member off the path to the two times is skipped whole, so the members met at depth 2 are data's and
            // those at depth 3 its event's.
            var depth = reader.CurrentDepth;
            if (depth == 1 && reader.ValueTextEquals("createdAt"u8))
            {
                reader.Read();
                created = reader.GetDateTimeOffset();
            }
            else if (depth == 3 && reader.ValueTextEquals("updatedAt"u8))
            {
                reader.Read();
                change = reader.GetDateTimeOffset();
            }
            else if (!(depth == 1 && reader.ValueTextEquals("data"u8)) && !(depth == 2 && reader.ValueTextEquals("event"u8)))
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (created is null || change is null)
        {
            throw new InvalidOperationException("an alert on the stream without createdAt or data.event.updatedAt");
        }

        lock (lags)
        {
            lags.Add((now - change.Value).TotalMilliseconds);
            matched.Add((created.Value - change.Value).TotalMilliseconds);
        }

        Interlocked.Increment(ref received);
    }

    /// <summary>Forgets what was read so far (a warm-up's alerts).</summary>
    public void Reset()
    {
        lock (lags)
        {
            lags.Clear();
            matched.Clear();
        }
    }

    /// <summary>Change to stream, and change to the alert's row (the matcher's clock when it wrote it), in ms.</summary>
    public (double P50, double P99, double Max, double MatchedP50, double MatchedP99, int Count) Lags()
    {
        lock (lags)
        {
            var all = lags.Select(l => (long)(l * 1000)).Order().ToList();
            var rows = matched.Select(l => (long)(l * 1000)).Order().ToList();
            return (Load.Percentile(all, 50) / 1000, Load.Percentile(all, 99) / 1000, all.Count == 0 ? double.NaN : all[^1] / 1000.0,
                Load.Percentile(rows, 50) / 1000, Load.Percentile(rows, 99) / 1000, all.Count);
        }
    }

    /// <summary>Waits until the stream has handed over <paramref name="count"/> alerts; the seconds it took, or NaN at the deadline.</summary>
    public async Task<double> WaitForAsync(long count, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (Received < count)
        {
            if (clock.Elapsed > deadline || reading.IsCompleted)
            {
                return double.NaN;
            }

            await Task.Delay(20);
        }

        return clock.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        http.Dispose();
        stop.Dispose();
    }
}
