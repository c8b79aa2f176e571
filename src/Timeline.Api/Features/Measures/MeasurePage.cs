using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A measure's page being written: its claims' JSON in a pooled buffer in the order they were read, what the summary
/// needs of every claim beside it, and, once <see cref="Summarise"/>d, the answer <see cref="MeasureWithClaims"/> describes
/// (the claims copied out in the list's order). The buffer goes back to the pool when the answer is sent.
/// </summary>
public sealed class MeasurePage(Measure measure) : IResult, IDisposable
{
    private readonly PooledBuffer claims = new();

    /// <summary>
    /// What the summary reads of each claim, and where each claim's JSON is in the buffer ((0, 0) for a claim not shown), in
    /// the order read: arrays from the shared pool, as a thousand claims' facts would be a new large object each time.
    /// </summary>
    private ClaimFacts[] facts = ArrayPool<ClaimFacts>.Shared.Rent(64);
    private (int Start, int Length)[] spans = ArrayPool<(int, int)>.Shared.Rent(64);
    private int count;

    private Utf8JsonWriter? json;
    private int[] order = [];
    private ClaimSummary? summary;

    public Measure Measure => measure;

    /// <summary>The measure's code as each claim's <c>measure</c> member writes it, escaped once.</summary>
    public JsonEncodedText EncodedCode { get; } = JsonEncodedText.Encode(measure.Code);

    /// <summary>A claim counted by the summary and not shown.</summary>
    public void Add(ClaimFacts claim) => Append(claim, (0, 0));

    /// <summary>A claim shown: its JSON is written with the writer returned, then <see cref="EndClaim"/>.</summary>
    public Utf8JsonWriter BeginClaim(ClaimFacts claim)
    {
        Append(claim, (claims.WrittenCount, 0));
        if (json is null)
        {
            json = new Utf8JsonWriter(claims);
        }
        else
        {
            json.Reset(claims);
        }

        return json;
    }

    public void EndClaim()
    {
        json!.Flush();
        var start = spans[count - 1].Start;
        spans[count - 1] = (start, claims.WrittenCount - start);
    }

    /// <summary>The claims shown in the list's order, and their summary, as known at <paramref name="at"/>.</summary>
    public void Summarise(DateTimeOffset? at) => (order, summary) = ClaimSummary.Of(facts.AsSpan(0, count), at);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            var body = response.BodyWriter;
            await using (var head = new Utf8JsonWriter(body))
            {
                head.WriteStartObject();
                head.WriteString("code", measure.Code);
                head.WriteString("name", measure.Name);
                head.WriteString("unit", measure.Unit);
                head.WriteStartArray("actors");
                foreach (var actor in measure.Actors)
                {
                    head.WriteStringValue(actor);
                }

                head.WriteEndArray();
                head.WriteString("description", measure.Description);
                head.WriteString("recordedAt", measure.RecordedAt);
                head.WriteString("recordedBy", measure.RecordedBy);
                head.WritePropertyName("claims");
                head.Flush();
                Write(body, "["u8);
                for (var i = 0; i < order.Length; i++)
                {
                    if (i > 0)
                    {
                        Write(body, ","u8);
                    }

                    var (start, length) = spans[order[i]];
                    Write(body, claims.Written.Slice(start, length));
                }

                Write(body, "],\"summary\":"u8);
                head.Reset(body);
                JsonSerializer.Serialize(head, summary!, MeasureJson.Default.ClaimSummary);
                Write(body, "}"u8);
            }

            await body.FlushAsync(httpContext.RequestAborted);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        json?.Dispose();
        claims.Dispose();
        if (facts.Length > 0)
        {
            // Cleared first: the pool must not keep the claims' strings alive.
            ArrayPool<ClaimFacts>.Shared.Return(facts, clearArray: true);
            ArrayPool<(int, int)>.Shared.Return(spans);
            facts = [];
            spans = [];
        }
    }

    private void Append(ClaimFacts claim, (int Start, int Length) span)
    {
        if (count == facts.Length)
        {
            var moreFacts = ArrayPool<ClaimFacts>.Shared.Rent(count * 2);
            var moreSpans = ArrayPool<(int, int)>.Shared.Rent(count * 2);
            facts.AsSpan(0, count).CopyTo(moreFacts);
            spans.AsSpan(0, count).CopyTo(moreSpans);
            ArrayPool<ClaimFacts>.Shared.Return(facts, clearArray: true);
            ArrayPool<(int, int)>.Shared.Return(spans);
            facts = moreFacts;
            spans = moreSpans;
        }

        facts[count] = claim;
        spans[count++] = span;
    }

    private static void Write(PipeWriter body, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(body.GetSpan(bytes.Length));
        body.Advance(bytes.Length);
    }

    /// <summary>Bytes in arrays rented from the shared pool: a page's half a megabyte of claims would be a new large object each time.</summary>
    private sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);

        public int WrittenCount { get; private set; }

        public ReadOnlySpan<byte> Written => bytes.AsSpan(0, WrittenCount);

        public void Advance(int count) => WrittenCount += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return bytes.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return bytes.AsSpan(WrittenCount);
        }

        public void Dispose()
        {
            if (bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = [];
            }
        }

        private void Ensure(int sizeHint)
        {
            if (bytes.Length - WrittenCount >= Math.Max(sizeHint, 1))
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, WrittenCount + sizeHint));
            Written.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = larger;
        }
    }
}
