using System.Net;
using Microsoft.Extensions.Options;
using Timeline.Api.Alerts;

namespace Timeline.UnitTests.Webhooks;

public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.5")]
    // IETF protocol assignments and benchmarking
    [InlineData("192.0.0.1")]
    [InlineData("192.0.0.255")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    // NAT64, well-known and local-use prefixes: reach any IPv4 address through a translator
    [InlineData("64:ff9b::a00:5")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::5db8:d70e")]
    [InlineData("64:ff9b:1::a00:5")]
    // 6to4: any IPv4 address through a relay
    [InlineData("2002:a00:5::1")]
    [InlineData("2002:5db8:d70e::1")]
    // Teredo: an IPv4 server and client (obfuscated) inside the address
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001::f5ff:fffa")]
    // IPv4-compatible IPv6 (deprecated)
    [InlineData("::10.0.0.5")]
    [InlineData("::127.0.0.1")]
    [InlineData("::93.184.215.14")]
    public void An_internal_reserved_or_translated_address_is_refused(string address) =>
        Assert.True(WebhookAddressGuard.IsInternal(IPAddress.Parse(address)), $"{address} was allowed");

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("192.0.1.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:1::1")]
    [InlineData("64:ff9a::a00:5")]
    [InlineData("2003::1")]
    [InlineData("::ffff:93.184.215.14")]
    public void A_public_address_is_allowed(string address) =>
        Assert.False(WebhookAddressGuard.IsInternal(IPAddress.Parse(address)), $"{address} was refused");

    [Theory]
    [InlineData("http://localhost/hook", new[] { "127.0.0.1", "::1" })]
    [InlineData("http://[64:ff9b::a00:5]/hook", new[] { "10.0.0.5" })]
    public async Task A_refusal_does_not_say_what_the_host_resolves_to(string url, string[] resolved)
    {
        var guard = new WebhookAddressGuard(Options.Create(new WebhookOptions()));

        var refusal = await guard.CheckAsync(url, CancellationToken.None);

        Assert.NotNull(refusal);
        Assert.Contains("reserved address", refusal, StringComparison.Ordinal);
        foreach (var address in resolved)
        {
            Assert.DoesNotContain(address, refusal, StringComparison.Ordinal);
        }
    }
}
