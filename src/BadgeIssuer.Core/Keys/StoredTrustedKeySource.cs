using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// The verifier's view of the keys this service publishes: a <c>kid</c> that is one of our key URLs resolves to
/// the key and to the issuer it belongs to, which is what proves key provenance.
/// </summary>
public sealed class StoredTrustedKeySource(IKeyStore keys, IssuerKeyService issuerKeys, PublicUrls urls) : ITrustedKeySource
{
    /// <inheritdoc />
    public async ValueTask<TrustedKey?> FindByKeyIdAsync(string keyId, CancellationToken cancellationToken)
    {
        if (urls.KeyIdFromUrl(keyId) is not { } id) return null;
        SigningKey? key = await keys.GetAsync(id, cancellationToken);
        return key is null
            ? null
            : new TrustedKey(keyId, urls.Issuer(key.IssuerId), issuerKeys.PublicJwk(key), Revoked: key.Status == KeyStatus.Compromised);
    }
}
