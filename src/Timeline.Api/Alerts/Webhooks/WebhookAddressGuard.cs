using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Alerts;

public sealed class WebhookOptions
{
    /// <summary>Allow webhooks to loopback, private, link-local and metadata addresses (tests, local use).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Seconds one delivery attempt may take.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Waits before each retry, after the first attempt; empty for Standard Webhooks' schedule.</summary>
    /// <remarks>Empty by default because the configuration binder appends to an array, never replaces it.</remarks>
    public string[] RetrySchedule { get; set; } = [];

    public static readonly string[] StandardSchedule = ["00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "14:00:00", "20:00:00", "1.00:00:00"];

    public string[] Schedule => RetrySchedule.Length > 0 ? RetrySchedule : StandardSchedule;
}

/// <summary>Refuses webhook URLs that would make the server call into its own network.</summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    public async Task<string?> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "a webhook URL is an absolute http or https URL";
        }

        if (options.Value.AllowPrivateAddresses)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
        }
        catch (SocketException)
        {
            return $"the webhook host '{uri.Host}' does not resolve";
        }

        return addresses.FirstOrDefault(IsInternal) is { } blocked
            ? $"the webhook host resolves to {blocked}, a loopback, private, link-local or metadata address"
            : null;
    }

    public bool Allows(IPAddress address) => options.Value.AllowPrivateAddresses || !IsInternal(address);

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) // link-local, and the cloud metadata service at 169.254.169.254
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
            || b[0] >= 224;
    }
}
