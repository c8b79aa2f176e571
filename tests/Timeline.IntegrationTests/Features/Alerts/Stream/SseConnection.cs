using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Stream;

/// <summary>One event as it came over the wire: its field lines exactly as sent.</summary>
internal sealed record SseEvent(string? Id, string? Event, string Data, IReadOnlyList<string> Lines)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();
}

/// <summary>
/// A Server-Sent Events connection read line by line. Every read is bounded by one deadline for the whole
/// connection, so a test that waits for something that never comes fails instead of hanging.
/// </summary>
internal sealed class SseConnection : IAsyncDisposable
{
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;
    private readonly CancellationTokenSource deadline;

    private SseConnection(HttpResponseMessage response, StreamReader reader, CancellationTokenSource deadline)
    {
        this.response = response;
        this.reader = reader;
        this.deadline = deadline;
    }

    public HttpResponseMessage Response => response;

    /// <summary>Comments (without the leading colon) seen so far, in order.</summary>
    public List<string> Comments { get; } = [];

    public static async Task<SseConnection> Open(HttpClient client, string url, string? lastEventId = null, int seconds = 10)
    {
        var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            deadline.Dispose();
            Assert.Fail($"GET {url} answered {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        return new SseConnection(response, new StreamReader(stream), deadline);
    }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async Task<string?> ReadLine()
    {
        try
        {
            return await reader.ReadLineAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail("the stream sent nothing more before the test's deadline");
            throw;
        }
    }

    /// <summary>The next event (a block with data), skipping comments and field-only blocks such as <c>retry:</c>.</summary>
    public async Task<SseEvent> NextEvent()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLine() ?? throw new Xunit.Sdk.XunitException("the stream ended before an event came");
            if (line.Length == 0)
            {
                var data = lines.Where(l => l.StartsWith("data:", StringComparison.Ordinal)).ToList();
                if (data.Count > 0)
                {
                    return new SseEvent(Field(lines, "id"), Field(lines, "event"), string.Join('\n', data.Select(d => Value(d))), lines);
                }

                lines.Clear();
                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
                continue;
            }

            lines.Add(line);
        }
    }

    /// <summary>Reads until a comment with the given text arrives; returns the events passed on the way.</summary>
    public async Task<int> UntilComment(string text)
    {
        var events = 0;
        while (true)
        {
            var line = await ReadLine() ?? throw new Xunit.Sdk.XunitException($"the stream ended before ': {text}'");
            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
                if (line[1..].Trim() == text)
                {
                    return events;
                }
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                events++;
            }
        }
    }

    private static string? Field(List<string> lines, string name) =>
        lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Select(Value).LastOrDefault();

    private static string Value(string line)
    {
        var value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return value.StartsWith(' ') ? value[1..] : value;
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        deadline.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>Subscriptions, events and alerts for the stream tests.</summary>
internal static class AlertHelpers
{
    /// <summary>
    /// The subscription's alert ids, oldest first, as <c>GET /api/alerts</c> lists them, once there are at least
    /// <paramref name="atLeast"/> (alerts are matched just after their change commits).
    /// </summary>
    public static async Task<long[]> AlertIds(HttpClient reader, string subscription, int atLeast = 1)
    {
        long[] ids = [];
        await Wait.Eventually(async () =>
        {
            var response = await reader.GetAsync($"/api/alerts?subscription={subscription}&limit=500");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids = [.. (await response.Json())["items"]!.AsArray().Select(a => (long)a!["id"]!).Order()];
            return ids.Length >= atLeast;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(25));
        return ids;
    }

}
