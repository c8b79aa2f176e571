using System.Text;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>What came back: the status, the media type and (for anything but an event stream) the body.</summary>
public sealed record FuzzAnswer(int Status, string? MediaType, string Body, string? Failure = null)
{
    /// <summary>Longest any answer may take; a stream's headers come at once, and then it is closed.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>How much of a body is read; a longer one is cut here (its last line may be cut short).</summary>
    public const int MaxBodyChars = 4 * 1024 * 1024;

    public static async Task<FuzzAnswer> Send(HttpClient client, FuzzRequest request, string? key)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            using var message = request.ToMessage(key);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            // An event stream never ends by itself: its status and headers are the answer, and disposing closes it.
            var body = mediaType == "text/event-stream" ? "" : await Read(response, deadline.Token);
            return new FuzzAnswer((int)response.StatusCode, mediaType, body);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new FuzzAnswer(0, null, "", $"no complete answer within {Deadline.TotalSeconds} s");
        }
        catch (Exception e)
        {
            // In-process, an exception the API did not handle surfaces here rather than as a 500.
            return new FuzzAnswer(0, null, "", $"the request failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task<string> Read(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[64 * 1024];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0 && text.Length < MaxBodyChars)
        {
            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    public string Describe() => Failure ?? $"{Status} {MediaType}: {FuzzRequest.Shorten(Body, 800)}";
}
