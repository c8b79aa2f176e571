using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>What one webhook request carried, and whether its signature held up (checked here, from the secret, by hand).</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string? ContentType, string Body, bool SignatureValid,
    int AttemptForId, DateTimeOffset ReceivedAt, int Answer);

/// <summary>A real HTTP receiver on 127.0.0.1 and a free port, verifying Standard Webhooks signatures itself.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> attemptsById = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public string Url { get; private set; } = "";

    /// <summary>The subscription's <c>whsec_</c> secret, as its creation answered it.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The status to answer, from the webhook-id's attempt number here (1 for its first request).</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>How long to take before answering.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/') + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        string? Header(string name) => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
        var id = Header("webhook-id");
        var timestamp = Header("webhook-timestamp");
        var signature = Header("webhook-signature");
        var attempt = attemptsById.AddOrUpdate(id ?? "", 1, (_, n) => n + 1);
        var answer = Answer(attempt);
        Received.Enqueue(new ReceivedWebhook(id, timestamp, signature, http.Request.ContentType, Encoding.UTF8.GetString(body),
            Verify(id, timestamp, signature, body), attempt, DateTimeOffset.UtcNow, answer));
        if (Delay > TimeSpan.Zero)
        {
            // Stays: a receiver that answers slowly is what a test set it up to be.
            await Task.Delay(Delay);
        }

        http.Response.StatusCode = answer;
        await http.Response.WriteAsync(answer == 200 ? "ok" : "receiver said no");
    }

    /// <summary>The spec's check: HMAC-SHA256 over <c>id.timestamp.body</c>, keyed with the base64-decoded secret after <c>whsec_</c>.</summary>
    private bool Verify(string? id, string? timestamp, string? signature, byte[] body)
    {
        if (id is null || timestamp is null || signature is null || !Secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));

        // The header may list several space-separated signatures; one matching is enough.
        return signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
