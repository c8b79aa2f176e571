using System.Net;
using System.Net.Sockets;

namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>The HTTP client webhook deliveries go out through.</summary>
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

    /// <summary>Connects only to addresses the guard allows; watches fetch through it too.</summary>
    internal static async ValueTask<System.IO.Stream> ConnectAsync(WebhookAddressGuard guard, SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => guard.Allows(a, context.DnsEndPoint.Port)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"refused to connect to '{host}' on port {context.DnsEndPoint.Port}: it is, or resolves to, " +
                "a loopback, private, link-local, metadata or otherwise reserved address, or the port is not allowed");
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
