using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Core.Webhooks;

/// <summary>
/// The <see cref="IHttpClientFactory"/> client webhook deliveries use: no redirects, a 10-second limit, and a connect
/// step that refuses loopback, private and link-local addresses at the moment of connecting, so a host name that changes
/// where it points after registration (DNS rebinding) still cannot reach the service's own network.
/// </summary>
public static class WebhookHttp
{
    /// <summary>The name of the client.</summary>
    public const string ClientName = "BadgeIssuer.Webhooks";

    /// <summary>
    /// Configures the client under <see cref="WebhookOptions.AllowPrivateNetworks"/> as registered. Connections are
    /// renewed every two minutes, so a changed DNS answer is seen; the handler itself is kept for the life of
    /// <see cref="WebhookDispatcher"/>, a singleton.
    /// </summary>
    public static IHttpClientBuilder AddWebhookHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(ClientName)
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromSeconds(10))
            .UseSocketsHttpHandler((handler, sp) =>
            {
                bool allowPrivateNetworks = sp.GetRequiredService<WebhookOptions>().AllowPrivateNetworks;
                handler.AllowAutoRedirect = false;
                handler.ConnectTimeout = TimeSpan.FromSeconds(5);
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
                handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivateNetworks, cancellationToken);
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
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
    }
}
