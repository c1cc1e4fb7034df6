// DESIGN §4: a URL of a credential or a status list this service hosts is read from the store, never fetched over
// the network.
using System.Text;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Core.Issuing;

/// <summary>The documents this service publishes, as the verifier reads them.</summary>
public sealed class HostedDocuments(PublicUrls urls, IAwardStore awards, StatusService statuses, PublicationService publication) : IHostedDocuments
{
    /// <inheritdoc />
    public async ValueTask<FetchedContent?> FindAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        string address = url.GetLeftPart(UriPartial.Path);
        string lists = urls.StatusList("");
        if (address.StartsWith(lists, StringComparison.Ordinal))
        {
            return await statuses.PublishedAsync(address[lists.Length..], cancellationToken) is Done<PublishedStatusList> { Value: var list }
                ? new FetchedContent(list.Utf8Json, "application/vc+ld+json", null)
                : new FetchedContent(null, null, $"This service publishes no status list at {url}.");
        }
        string prefix = urls.Credential("");
        if (!address.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string file = address[prefix.Length..];
        int dot = file.LastIndexOf('.');
        (string id, string? extension) = dot < 0 ? (file, null) : (file[..dot], file[(dot + 1)..]);
        if (!Ids.IsWellFormed(id) || extension is not (null or "json" or "jwt" or "png" or "svg"))
            return new FetchedContent(null, null, $"{url} is not a credential this service publishes.");
        if (await awards.GetAsync(id, cancellationToken) is not { } award)
            return new FetchedContent(null, null, $"This service has issued no credential at {url}.");
        return extension == "jwt"
            ? new FetchedContent(Encoding.UTF8.GetBytes(await publication.JwtAsync(award, cancellationToken)), "text/plain", null)
            : new FetchedContent(Encoding.UTF8.GetBytes(award.CredentialJson), "application/vc+ld+json", null);
    }
}
