using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Features.Alerts.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Also allow loopback and private addresses, on any port (tests, intranets); never link-local or metadata ones.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Ports a public webhook address may use besides 80 and 443.</summary>
    /// <remarks>Empty by default because the configuration binder appends to an array, never replaces it.</remarks>
    public int[] AllowedPorts { get; set; } = [];

    /// <summary>Redeliveries (<c>POST …/redelivery</c>) one alert may be given.</summary>
    public int MaxRedeliveries { get; set; } = 10;

    /// <summary>Seconds one delivery attempt may take.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Waits before each retry, after the first attempt; empty for Standard Webhooks' schedule.</summary>
    /// <remarks>Empty by default because the configuration binder appends to an array, never replaces it.</remarks>
    public string[] RetrySchedule { get; set; } = [];

    public static readonly string[] StandardSchedule = ["00:00:05", "00:05:00", "00:30:00", "02:00:00", "05:00:00", "10:00:00", "14:00:00", "20:00:00", "1.00:00:00"];

    public string[] Schedule => RetrySchedule.Length > 0 ? RetrySchedule : StandardSchedule;

    public bool Allows(int port) => port is 80 or 443 || AllowedPorts.Contains(port);
}

/// <summary>Where a webhook may go: public addresses on allowed ports; with private addresses allowed, loopback and private ones on any port.</summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    /// <summary>
    /// The one answer for every refused host, whether it does not resolve or resolves inward: two answers would let an
    /// editor map the server's internal names.
    /// </summary>
    public const string Refused = "a webhook URL must lead to a public address (not a loopback, private, link-local, metadata or otherwise " +
        "reserved one, and a name must resolve)";

    public async Task<string?> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "a webhook URL is an absolute http or https URL";
        }

        var settings = options.Value;
        // Said before any name is looked up, so it tells nothing of the network.
        if (!settings.AllowPrivateAddresses && !settings.Allows(uri.Port))
        {
            return $"a webhook URL may use port 80 or 443 (port {uri.Port} is not listed in Timeline:Webhooks:AllowedPorts)";
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
        }
        catch (SocketException)
        {
            return Refused;
        }

        return addresses.Length > 0 && addresses.All(a => Allows(a, uri.Port)) ? null : Refused;
    }

    /// <summary>Whether a delivery may connect to this address and port (checked again at every connection: DNS can change).</summary>
    public bool Allows(IPAddress address, int port) => Classify(address) switch
    {
        AddressKind.Public => options.Value.Allows(port),
        AddressKind.Private => options.Value.AllowPrivateAddresses,
        _ => false,
    };

    public enum AddressKind { Public, Private, Forbidden }

    /// <summary>
    /// Public: IPv4 outside the special-purpose ranges; IPv6 in global unicast (2000::/3) outside its special-purpose ranges.
    /// Private: loopback, RFC 1918, carrier-grade NAT and unique-local addresses. Forbidden: everything else — link-local,
    /// the cloud metadata services, multicast, IPv4 carried in IPv6 (mapped, NAT64, 6to4, Teredo, compatible), documentation
    /// and other reserved ranges.
    /// </summary>
    public static AddressKind Classify(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyIPv4(b);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressKind.Forbidden;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressKind.Private;
        }

        // fd00:ec2::254, the AWS metadata service over IPv6, sits among the unique-local addresses.
        if (address.Equals(AwsMetadataIPv6))
        {
            return AddressKind.Forbidden;
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return AddressKind.Private; // unique local, fc00::/7
        }

        if ((b[0] & 0xe0) != 0x20)
        {
            return AddressKind.Forbidden; // outside global unicast 2000::/3: mapped, NAT64, 100::/64, link-local, multicast…
        }

        var ietf = b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02; // 2001::/23, IETF protocol assignments (Teredo among them)
        var documentation = (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // 2001:db8::/32
            || (b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10); // 3fff::/20
        var sixToFour = b[0] == 0x20 && b[1] == 0x02; // 2002::/16 carries any IPv4 address
        return ietf || documentation || sixToFour ? AddressKind.Forbidden : AddressKind.Public;
    }

    private static readonly IPAddress AwsMetadataIPv6 = IPAddress.Parse("fd00:ec2::254");

    private static AddressKind ClassifyIPv4(byte[] b)
    {
        if (b[0] == 169 && b[1] == 254) // link-local, and the metadata service at 169.254.169.254
        {
            return AddressKind.Forbidden;
        }

        if (b[0] == 100 && b[1] == 100 && b[2] == 100 && b[3] == 200) // Alibaba Cloud's metadata service
        {
            return AddressKind.Forbidden;
        }

        if (b[0] == 127 || b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)) // carrier-grade NAT
        {
            return AddressKind.Private;
        }

        var reserved = b[0] == 0
            || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments, 192.0.0.0/24
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking, 198.18.0.0/15
            || b[0] >= 224; // multicast, reserved, broadcast
        return reserved ? AddressKind.Forbidden : AddressKind.Public;
    }
}
