using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Api.Alerts;

/// <summary>The Standard Webhooks (standardwebhooks.com) wire format: the payload and its signature.</summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    /// <summary>
    /// <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the secret's bytes: the
    /// base64 after <c>whsec_</c>, decoded.
    /// </summary>
    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static string Sign(string secret, string messageId, long timestamp, string body) =>
        Sign(secret, messageId, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary><c>{"type", "timestamp", "data"}</c>; the same bytes on every attempt (the timestamp is the alert's).</summary>
    public static byte[] Payload(string kind, DateTimeOffset raisedAt, string data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", kind);
            writer.WriteString("timestamp", raisedAt.UtcDateTime);
            writer.WritePropertyName("data");
            writer.WriteRawValue(data);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

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

/// <summary>An alert claimed for one attempt: what to send, where, and the lease that makes it ours.</summary>
public sealed record ClaimedWebhook(long AlertId, Guid SubscriptionId, string Kind, string Data, DateTimeOffset RaisedAt, string MessageId,
    int Attempt, string WebhookUrl, string Secret, DateTimeOffset Lease);

/// <summary>The claimed alerts; <see cref="Abandoned"/> counts those marked failed unsent (their subscription was disabled).</summary>
public sealed record ClaimedBatch(IReadOnlyList<ClaimedWebhook> Alerts, int Abandoned);

/// <summary>Step one of <see cref="DeliverWebhooks"/>, in its own short transaction: claim and lease due alerts.</summary>
public sealed record ClaimWebhookBatch(int Size) : ICommand<ClaimedBatch>;

public sealed class ClaimWebhookBatchHandler(TimelineDbContext db, TimeProvider clock, IOptions<WebhookOptions> options)
    : ICommandHandler<ClaimWebhookBatch, ClaimedBatch>
{
    public async ValueTask<ClaimedBatch> Handle(ClaimWebhookBatch command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Rows another server has claimed in a transaction still open are skipped, not waited for; once it commits,
        // their next_attempt_at is in the future and they are no longer due.
        var ids = await db.Database.SqlQuery<long>(
            $"""
             SELECT id AS "Value" FROM timeline.alerts
             WHERE delivery_state = 'pending' AND next_attempt_at <= {now}
             ORDER BY next_attempt_at, id
             LIMIT {command.Size}
             FOR UPDATE SKIP LOCKED
             """).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return new ClaimedBatch([], 0);
        }

        var rows = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Join(db.Subscriptions, a => a.SubscriptionId, s => s.Id, (a, s) => new
            {
                a.Id, a.SubscriptionId, a.Kind, a.Data, a.CreatedAt, a.MessageId, a.Attempts, a.NextAttemptAt,
                s.Active, s.WebhookUrl, s.WebhookSecret,
            })
            .ToListAsync(cancellationToken);

        // A disabled subscription (410 Gone) gets nothing more: its waiting alerts fail without being sent.
        var abandoned = rows.Where(r => !r.Active || r.WebhookUrl is null || r.WebhookSecret is null).Select(r => r.Id).ToList();
        if (abandoned.Count > 0)
        {
            await db.Alerts.Where(a => abandoned.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.DeliveryState, AlertDelivery.Failed)
                .SetProperty(a => a.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        }

        // PostgreSQL keeps microseconds: the lease is written at that precision so that it compares equal when recorded.
        var leaseUntil = now + DeliverWebhooksHandler.Lease(options.Value);
        leaseUntil = new DateTimeOffset(leaseUntil.UtcTicks - (leaseUntil.UtcTicks % 10), TimeSpan.Zero);
        var claimed = rows.Where(r => !abandoned.Contains(r.Id)).OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id).ToList();
        var claimedIds = claimed.Select(r => r.Id).ToList();
        await db.Alerts.Where(a => claimedIds.Contains(a.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.NextAttemptAt, (DateTimeOffset?)leaseUntil), cancellationToken);

        return new ClaimedBatch(
            [.. claimed.Select(r => new ClaimedWebhook(r.Id, r.SubscriptionId, r.Kind, r.Data, r.CreatedAt, r.MessageId, r.Attempts + 1,
                r.WebhookUrl!, r.WebhookSecret!, leaseUntil))],
            abandoned.Count);
    }
}

/// <summary>One attempt's outcome: a status code when the receiver answered, an error when it did not or said no.</summary>
public sealed record WebhookAttempt(ClaimedWebhook Alert, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs, bool Succeeded);

/// <summary>Step three of <see cref="DeliverWebhooks"/>, in its own short transaction: log the attempts, move the alerts on.</summary>
public sealed record RecordWebhookAttempts(IReadOnlyList<WebhookAttempt> Attempts) : ICommand<WebhookDeliveryResult>;

public sealed class RecordWebhookAttemptsHandler(TimelineDbContext db, TimeProvider clock, IOptions<WebhookOptions> options)
    : ICommandHandler<RecordWebhookAttempts, WebhookDeliveryResult>
{
    public async ValueTask<WebhookDeliveryResult> Handle(RecordWebhookAttempts command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var schedule = options.Value.Schedule.Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        // Locked so that a subscription deleted meanwhile (its alerts go with it) waits for this, or is gone already.
        var ids = command.Attempts.Select(a => a.Alert.AlertId).ToArray();
        var existing = (await db.Database.SqlQuery<long>(
                $"""SELECT id AS "Value" FROM timeline.alerts WHERE id = ANY({ids}) ORDER BY id FOR UPDATE""")
            .ToListAsync(cancellationToken)).ToHashSet();

        int delivered = 0, retrying = 0, failed = 0;
        foreach (var attempt in command.Attempts.Where(a => existing.Contains(a.Alert.AlertId)))
        {
            var alert = attempt.Alert;
            db.Deliveries.Add(new Delivery
            {
                Id = Guid.CreateVersion7(attempt.AttemptedAt),
                AlertId = alert.AlertId,
                SubscriptionId = alert.SubscriptionId,
                Attempt = alert.Attempt,
                AttemptedAt = attempt.AttemptedAt,
                StatusCode = attempt.StatusCode,
                Error = attempt.Error is { Length: > 2_000 } error ? error[..2_000] : attempt.Error,
                DurationMs = attempt.DurationMs,
                Succeeded = attempt.Succeeded,
            });

            string state;
            DateTimeOffset? next = null;
            if (attempt.Succeeded)
            {
                state = AlertDelivery.Delivered;
                delivered++;
            }
            else if (attempt.StatusCode == StatusCodes.Status410Gone)
            {
                state = AlertDelivery.Failed;
                failed++;
                var reason = $"the webhook answered 410 Gone on {attempt.AttemptedAt:yyyy-MM-ddTHH:mm:ssZ}";
                await db.Subscriptions.Where(s => s.Id == alert.SubscriptionId && s.Active).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Active, false)
                    .SetProperty(x => x.DisabledReason, reason), cancellationToken);
            }
            else if (alert.Attempt <= schedule.Length)
            {
                state = AlertDelivery.Pending;
                next = now + schedule[alert.Attempt - 1];
                retrying++;
            }
            else
            {
                state = AlertDelivery.Failed;
                failed++;
            }

            // Only while the lease is ours: a redelivery asked for meanwhile (or a server that took over an expired
            // lease) has moved next_attempt_at, and its outcome is the one that counts.
            await db.Alerts
                .Where(a => a.Id == alert.AlertId && a.DeliveryState == AlertDelivery.Pending && a.NextAttemptAt == alert.Lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.DeliveryState, state)
                    .SetProperty(a => a.Attempts, a => a.Attempts + 1)
                    .SetProperty(a => a.NextAttemptAt, next), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new WebhookDeliveryResult(command.Attempts.Count, delivered, retrying, failed);
    }
}

/// <summary>The Hangfire job: thin, it sends the request until a batch comes back less than full (or enough has been done).</summary>
public sealed class WebhookDeliveryJob(IMediator mediator)
{
    public const string Id = "webhook-delivery";

    /// <summary>Every five seconds (Hangfire reads six fields as seconds first); <c>Timeline:Webhooks:Cron</c> overrides it.</summary>
    public const string DefaultCron = "*/5 * * * * *";

    private const int MaxBatchesPerRun = 20;

    /// <summary>No Hangfire retries: a failed run's alerts stay pending in the outbox and the next run takes them.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var result = await mediator.Send(new DeliverWebhooks(), cancellationToken);
            if (result.Claimed < DeliverWebhooksHandler.BatchSize)
            {
                return;
            }
        }
    }
}

/// <summary>A command that makes webhook alerts due without raising them (a redelivery): delivery starts after it commits.</summary>
public interface IQueuesWebhooks;

/// <summary>
/// Outside the transaction behaviour: once a command that raised webhook alerts has committed, a delivery job is
/// enqueued so that receivers hear at once. Best effort: enqueueing can fail after the commit, and the recurring
/// job picks up whatever is pending (the outbox), so nothing is lost either way.
/// </summary>
public sealed class WebhookKickBehaviour<TMessage, TResponse>(AlertRaiser alerts, TimelineDbContext db, IBackgroundJobClient jobs,
    ILogger<WebhookKickBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var before = alerts.WebhookAlertsRaised;
        var response = await next(message, cancellationToken);

        // A nested command's transaction is its caller's: the caller enqueues after its own commit.
        if ((alerts.WebhookAlertsRaised > before || message is IQueuesWebhooks) && db.Database.CurrentTransaction is null)
        {
            try
            {
                jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not enqueue webhook delivery; the recurring job will deliver");
            }
        }

        return response;
    }
}

public static class WebhookDelivery
{
    /// <summary>
    /// The <c>webhooks</c> HTTP client: no redirects, no proxy, and a connect step that checks every address it is
    /// about to connect to, so a host that passed the check at subscription time and now resolves inward (DNS
    /// rebinding) is refused.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddHttpClient(DeliverWebhooksHandler.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own (WebhookOptions.TimeoutSeconds)
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Timeline-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = sp.GetRequiredService<WebhookAddressGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    ConnectCallback = (context, ct) => ConnectAsync(guard, context, ct),
                };
            });

        return services;
    }

    private static async ValueTask<Stream> ConnectAsync(WebhookAddressGuard guard, SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(guard.Allows).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"refused to connect to '{host}': it is, or resolves to, " +
                "a loopback, private, link-local, metadata or otherwise reserved address");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
