using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>
/// Webhook signing secrets: made here, shown once, and kept only encrypted. ASP.NET Core Data Protection does the
/// encryption (authenticated, keys rotated every 90 days); its key ring lives in the database
/// (<c>timeline.data_protection_keys</c>), so whichever instance delivers can decrypt what another encrypted.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    // The purpose string isolates these payloads from anything else the application protects.
    private readonly IDataProtector protector = provider.CreateProtector("Timeline.Alerts.WebhookSecret.v1");

    /// <summary>A new secret in the Standard Webhooks form: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string New() => StandardWebhooks.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>The secret, or null when it cannot be read (its key was deleted from the ring).</summary>
    public string? Unprotect(string stored)
    {
        try
        {
            return protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
