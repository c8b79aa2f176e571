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
    private ClaimJson? claimJson;
    private int[] order = [];
    private ClaimSummary? summary;

    public Measure Measure => measure;

    /// <summary>A claim counted by the summary and not shown.</summary>
    public void Add(ClaimFacts claim) => Append(claim, (0, 0));

    /// <summary>A claim shown: its JSON is written with the writer returned, then <see cref="EndClaim"/>.</summary>
    public ClaimJson BeginClaim(ClaimFacts claim)
    {
        Append(claim, (claims.WrittenCount, 0));
        return claimJson ??= new ClaimJson(claims, measure.Code);
    }

    public void EndClaim()
    {
        var start = spans[count - 1].Start;
        spans[count - 1] = (start, claims.WrittenCount - start);
    }

    /// <summary>The claims shown in the list's order, and their summary, as known at <paramref name="at"/>.</summary>
    public void Summarise(DateTimeOffset? at) => (order, summary) = ClaimSummary.Of(facts.AsSpan(0, count), at);

    /// <summary>
    /// Sends the answer: the measure's members and the summary are written into the buffer after the claims, so that the
    /// length is known before anything is sent; the headers go first (with a Content-Length, not chunked), and each part is
    /// then copied once, into the response's own buffers (written before the headers, the body was held and copied again).
    /// </summary>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var json = Writer();
            var headStart = claims.WrittenCount;
            json.WriteStartObject();
            json.WriteString("code", measure.Code);
            json.WriteString("name", measure.Name);
            json.WriteString("unit", measure.Unit);
            json.WriteStartArray("actors");
            foreach (var actor in measure.Actors)
            {
                json.WriteStringValue(actor);
            }

            json.WriteEndArray();
            json.WriteString("description", measure.Description);
            json.WriteString("recordedAt", measure.RecordedAt);
            json.WriteString("recordedBy", measure.RecordedBy);
            json.WritePropertyName("claims");
            json.Flush();
            var summaryStart = claims.WrittenCount;
            json.Reset(claims);
            JsonSerializer.Serialize(json, summary!, MeasureJson.Default.ClaimSummary);
            json.Flush();
            var head = (headStart, summaryStart - headStart);
            var summarised = (summaryStart, claims.WrittenCount - summaryStart);

            long length = head.Item2 + 1 + Math.Max(order.Length - 1, 0) + Summary.Length + summarised.Item2 + 1;
            foreach (var i in order)
            {
                length += spans[i].Length;
            }

            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = length;
            await response.StartAsync(httpContext.RequestAborted);
            var body = response.BodyWriter;
            Write(body, Part(head));
            Write(body, "["u8);
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0)
                {
                    Write(body, ","u8);
                }

                Write(body, Part(spans[order[i]]));
            }

            Write(body, Summary);
            Write(body, Part(summarised));
            Write(body, "}"u8);
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
        claimJson?.Dispose();
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

    private static ReadOnlySpan<byte> Summary => "],\"summary\":"u8;

    /// <summary>The JSON writer, made once a page, ready to write into the buffer after what is in it.</summary>
    private Utf8JsonWriter Writer()
    {
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

    private ReadOnlySpan<byte> Part((int Start, int Length) span) => claims.Written.Slice(span.Start, span.Length);

    private static void Write(PipeWriter body, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(body.GetSpan(bytes.Length));
        body.Advance(bytes.Length);
    }
}
