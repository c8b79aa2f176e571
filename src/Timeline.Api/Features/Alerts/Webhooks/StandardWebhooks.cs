using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Timeline.Api.Features.Alerts.Webhooks;

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
