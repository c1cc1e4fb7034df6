// DESIGN §4: documents a verification needs (status lists, a credential given by URL) come from this service's own
// store when the URL is ours, otherwise only from an allow-listed host through RemoteDocuments; nothing else is fetched.

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Documents this service serves itself, read without a network round trip.</summary>
public interface IHostedDocuments
{
    /// <summary>The content served at <paramref name="url"/>, or <c>null</c> when the URL is not one of this service's.</summary>
    ValueTask<FetchedContent?> FindAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>Where the verifier reads documents from: this service's own first, then allow-listed hosts.</summary>
public sealed class DocumentSources(IHostedDocuments? hosted, RemoteDocuments? remote)
{
    /// <summary>Reads nothing: every lookup says so.</summary>
    public static readonly DocumentSources None = new(null, null);

    /// <summary>The content at <paramref name="url"/>, or why it could not be read.</summary>
    public async Task<FetchedContent> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (hosted is not null && await hosted.FindAsync(url, cancellationToken) is { } own) return own;
        if (remote is not null && remote.IsAllowed(url)) return await remote.FetchContentAsync(url, cancellationToken);
        return new FetchedContent(null, null, $"{url.Host} is not on this verifier's list of hosts it may fetch from, so {url} was not read.");
    }
}
