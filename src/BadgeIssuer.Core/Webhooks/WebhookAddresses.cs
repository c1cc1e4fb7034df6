// Webhook URLs must not let a caller reach the service's own network (SSRF): only https to public addresses, unless
// configuration allows private networks (development). Checked at registration and again at every connection.
using System.Net;
using System.Net.Sockets;

namespace BadgeIssuer.Core.Webhooks;

/// <summary>Which webhook addresses are acceptable.</summary>
public static class WebhookAddresses
{
    /// <summary>True for addresses on the public internet: not loopback, private, link-local, shared, multicast or unspecified.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && b[1] is 18 or 19));
        }
        byte first = address.GetAddressBytes()[0];
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
    }

    /// <summary>Why <paramref name="url"/> may not receive webhooks, or <c>null</c> when it may.</summary>
    public static async Task<string?> ProblemAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
            return "must be an absolute https URL of at most 2048 characters.";
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
            return "must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not carry a user name or password.";
        if (allowPrivateNetworks) return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out IPAddress? literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"names a host that does not resolve ({uri.IdnHost}).";
        }
        return addresses.Length == 0 ? $"names a host that does not resolve ({uri.IdnHost})."
            : addresses.All(IsPublic) ? null
            : $"points at a loopback, private or link-local address ({uri.IdnHost}); webhooks go to the public internet only.";
    }
}
