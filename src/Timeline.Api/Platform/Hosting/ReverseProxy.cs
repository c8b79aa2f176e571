using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// Behind a reverse proxy that terminates TLS: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed from
/// the addresses <c>Timeline:ForwardedHeaders:KnownProxies</c> lists, and from nobody else (anyone can send the
/// headers). The client's address then keys the per-address rate limit, and HTTPS seen by the proxy brings HSTS and
/// https links in feeds. The proxy passes <c>Host</c> through; <c>AllowedHosts</c> says which hosts are answered.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "Timeline:ForwardedHeaders:KnownProxies";

    public static void UseReverseProxy(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(Section).Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{Section}: '{proxy}' is neither an IP address nor a network such as 10.0.0.0/8");
            }
        }

        app.UseForwardedHeaders(options);
    }
}
