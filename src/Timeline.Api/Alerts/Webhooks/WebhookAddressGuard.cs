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

        // Which address it was is not said: an editor must not learn how internal names resolve.
        return addresses.Any(IsInternal)
            ? $"the webhook host '{Http.EchoedValue.Cut(uri.Host)}' is, or resolves to, a loopback, private, link-local, metadata or otherwise reserved address"
            : null;
    }

    public bool Allows(IPAddress address) => options.Value.AllowPrivateAddresses || !IsInternal(address);

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (ReachesIPv4(address))
        {
            return true;
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
            || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments, 192.0.0.0/24
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking, 198.18.0.0/15
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) // link-local, and the cloud metadata service at 169.254.169.254
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
            || b[0] >= 224;
    }

    /// <summary>
    /// IPv6 addresses that carry an IPv4 address to a translator or tunnel: NAT64 (64:ff9b::/96, and the local-use
    /// 64:ff9b:1::/48), 6to4 (2002::/16), Teredo (2001::/32) and IPv4-compatible (::a.b.c.d). Through them any IPv4 address is reachable,
    /// internal ones too, and a webhook has no need of them, so they are refused whatever they carry.
    /// </summary>
    private static bool ReachesIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b
            && ((b[4] == 0 && b[5] == 0 && b.AsSpan(6, 6).IndexOfAnyExcept((byte)0) < 0) || (b[4] == 0 && b[5] == 1));
        var sixToFour = b[0] == 0x20 && b[1] == 0x02;
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        return nat64 || sixToFour || address.IsIPv6Teredo || compatible;
    }
}
