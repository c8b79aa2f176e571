using System.Net;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Alerts.Webhooks;
using static Timeline.Api.Features.Alerts.Webhooks.WebhookAddressGuard;

namespace Timeline.UnitTests.Features.Alerts.Webhooks;

public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    // IPv4 carried in IPv6: mapped, NAT64 (well-known and local-use), 6to4, Teredo, compatible
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("::ffff:93.184.215.14")]
    [InlineData("::ffff:0:0")]
    [InlineData("64:ff9b::a00:5")]
    [InlineData("64:ff9b::5db8:d70e")]
    [InlineData("64:ff9b:1::a00:5")]
    [InlineData("2002:a00:5::1")]
    [InlineData("2002:5db8:d70e::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001::f5ff:fffa")]
    [InlineData("::10.0.0.5")]
    [InlineData("::127.0.0.1")]
    [InlineData("::93.184.215.14")]
    // special-purpose IPv6: discard-only, IETF protocol assignments, documentation; outside global unicast
    [InlineData("100::1")]
    [InlineData("2001:1::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("64:ff9a::a00:5")]
    // IETF protocol assignments and benchmarking
    [InlineData("192.0.0.1")]
    [InlineData("192.0.0.255")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    public void A_link_local_metadata_reserved_or_translated_address_is_never_allowed(string address) =>
        Assert.Equal(AddressKind.Forbidden, Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("fd00::1")]
    public void A_loopback_or_private_address_is_private(string address) =>
        Assert.Equal(AddressKind.Private, Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("192.0.1.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:200::1")]
    [InlineData("2003::1")]
    [InlineData("2a00:1450:4001::1")]
    public void A_public_address_is_public(string address) =>
        Assert.Equal(AddressKind.Public, Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254", 80)]
    [InlineData("fe80::1", 80)]
    [InlineData("fd00:ec2::254", 80)]
    [InlineData("100.100.100.200", 80)]
    public void Metadata_and_link_local_stay_refused_when_private_addresses_are_allowed(string address, int port)
    {
        var guard = new WebhookAddressGuard(Options.Create(new WebhookOptions { AllowPrivateAddresses = true }));

        Assert.False(guard.Allows(IPAddress.Parse(address), port));
    }

    [Fact]
    public void A_public_address_is_allowed_on_80_443_and_the_listed_ports_only()
    {
        var guard = new WebhookAddressGuard(Options.Create(new WebhookOptions { AllowedPorts = [8443] }));
        var address = IPAddress.Parse("93.184.215.14");

        Assert.True(guard.Allows(address, 80));
        Assert.True(guard.Allows(address, 443));
        Assert.True(guard.Allows(address, 8443));
        Assert.False(guard.Allows(address, 8080));
        Assert.False(guard.Allows(address, 22));
    }

    [Theory]
    [InlineData("http://localhost/hook", new[] { "127.0.0.1", "::1" })]
    [InlineData("http://[64:ff9b::a00:5]/hook", new[] { "10.0.0.5" })]
    [InlineData("http://no-such-host.invalid/hook", new string[0])]
    public async Task Every_refused_host_gets_the_same_answer(string url, string[] resolved)
    {
        var guard = new WebhookAddressGuard(Options.Create(new WebhookOptions()));

        var refusal = await guard.CheckAsync(url, CancellationToken.None);

        Assert.Equal(Refused, refusal);
        foreach (var address in resolved)
        {
            Assert.DoesNotContain(address, refusal, StringComparison.Ordinal);
        }
    }
}
