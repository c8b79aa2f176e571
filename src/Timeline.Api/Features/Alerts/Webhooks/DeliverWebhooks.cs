using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Mediator;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Features.Alerts.Webhooks;

public sealed record WebhookDeliveryResult(int Claimed, int Delivered, int Retrying, int Failed);

/// <summary>
/// Sends the webhook alerts that are due (pending, next attempt now or earlier), oldest first, one batch.
/// <para>
/// On purpose an <see cref="IRequest{TResponse}"/>, not an <see cref="ICommand{TResponse}"/>: the transaction
/// behaviour would hold one transaction (and its row locks) open across every HTTP call of the batch, up to the
/// timeout per slow receiver. Instead the work is two short transactions around the sending:
/// <see cref="ClaimWebhookBatch"/> takes the due rows with <c>FOR UPDATE SKIP LOCKED</c> (a second server skips
/// them) and leases them by moving <c>next_attempt_at</c> past the time the batch can take, then commits; the
/// HTTP calls run with no transaction open; <see cref="RecordWebhookAttempts"/> writes a delivery row per attempt
/// and the alerts' new state, where the lease is still ours. A crash between the two leaves the lease to run out
/// and the alert is sent again: at least once, and the receiver drops repeats by <c>webhook-id</c>.
/// </para>
/// </summary>
public sealed record DeliverWebhooks : IRequest<WebhookDeliveryResult>;

public sealed class DeliverWebhooksHandler(IMediator mediator, IHttpClientFactory httpClients, TimeProvider clock, IOptions<WebhookOptions> options)
    : IRequestHandler<DeliverWebhooks, WebhookDeliveryResult>
{
    public const int BatchSize = 50;
    public const int Parallelism = 8;

    /// <summary>The named <see cref="HttpClient"/> deliveries use (see <see cref="WebhookDelivery.AddWebhookDelivery"/>).</summary>
    public const string ClientName = "webhooks";

    /// <summary>How long a claim keeps other servers off a batch: every attempt of it may take the whole timeout.</summary>
    public static TimeSpan Lease(WebhookOptions options) =>
        TimeSpan.FromSeconds(options.TimeoutSeconds * Math.Ceiling(BatchSize / (double)Parallelism)) + TimeSpan.FromMinutes(1);

    public async ValueTask<WebhookDeliveryResult> Handle(DeliverWebhooks request, CancellationToken cancellationToken)
    {
        var batch = await mediator.Send(new ClaimWebhookBatch(BatchSize), cancellationToken);
        if (batch.Alerts.Count == 0)
        {
            return new WebhookDeliveryResult(batch.Abandoned, 0, 0, batch.Abandoned);
        }

        var attempts = new ConcurrentBag<WebhookAttempt>();
        await Parallel.ForEachAsync(batch.Alerts, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (alert, ct) => attempts.Add(await SendAsync(alert, ct)));
        var recorded = await mediator.Send(new RecordWebhookAttempts([.. attempts.OrderBy(a => a.Alert.AlertId)]), cancellationToken);
        return recorded with { Claimed = recorded.Claimed + batch.Abandoned, Failed = recorded.Failed + batch.Abandoned };
    }

    private async Task<WebhookAttempt> SendAsync(ClaimedWebhook alert, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        var body = StandardWebhooks.Payload(alert.Kind, alert.RaisedAt, alert.Data);
        using var request = new HttpRequestMessage(HttpMethod.Post, alert.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", alert.MessageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhooks.Sign(alert.Secret, alert.MessageId, timestamp, body));

        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        int DurationMs() => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await httpClients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            var duration = DurationMs();
            if (response.IsSuccessStatusCode)
            {
                return new WebhookAttempt(alert, attemptedAt, status, null, duration, true);
            }

            return new WebhookAttempt(alert, attemptedAt, status, $"HTTP {status}{await SnippetAsync(response, attempt.Token)}", duration, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(alert, attemptedAt, null, $"no answer within {timeout.TotalSeconds:0.###} s", DurationMs(), false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new WebhookAttempt(alert, attemptedAt, null, Describe(ex), DurationMs(), false);
        }
    }

    /// <summary>The start of a failed answer's body, for the delivery log (what the receiver said was wrong).</summary>
    private static async Task<string> SnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[500];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return text.Length == 0 ? "" : ": " + text;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(" ← ", messages);
    }
}
