using System.Net;
using System.Net.Sockets;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Api.Hosting;

/// <summary>
/// The HTTP client webhook deliveries use: no redirects, a 10-second limit, and a connect step that refuses loopback,
/// private and link-local addresses at the moment of connecting, so a host name that changes where it points after
/// registration (DNS rebinding) still cannot reach the service's own network.
/// </summary>
public static class WebhookHttp
{
    public static HttpClient Create(bool allowPrivateNetworks)
    {
        SocketsHttpHandler handler = new()
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                IPAddress[] addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out IPAddress? literal)
                    ? [literal] : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                IPAddress target = addresses.FirstOrDefault(a => allowPrivateNetworks || WebhookAddresses.IsPublic(a))
                    ?? throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to loopback, private or link-local addresses.");
                Socket socket = new(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
