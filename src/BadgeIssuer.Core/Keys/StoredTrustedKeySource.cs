using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// The verifier's view of the keys this service publishes: a JWT <c>kid</c> that is one of our key URLs, or a Data
/// Integrity verification method <c>{issuer URL}#{publicKeyMultibase}</c> of one of our issuers, resolves to the key and
/// to the issuer it belongs to, which is what proves key provenance.
/// </summary>
public sealed class StoredTrustedKeySource(IKeyStore keys, IssuerKeyService issuerKeys, PublicUrls urls) : ITrustedKeySource
{
    /// <inheritdoc />
    public async ValueTask<TrustedKey?> FindByKeyIdAsync(string keyId, CancellationToken cancellationToken)
    {
        SigningKey? key = null;
        if (urls.KeyIdFromUrl(keyId) is { } id)
        {
            key = await keys.GetAsync(id, cancellationToken);
        }
        else if (urls.VerificationMethodParts(keyId) is { } method)
        {
            foreach (SigningKey candidate in await keys.ListByIssuerAsync(method.IssuerId, cancellationToken))
                if (string.Equals(candidate.PublicKeyMultibase, method.Fragment, StringComparison.Ordinal)) key = candidate;
        }
        return key is null
            ? null
            : new TrustedKey(keyId, urls.Issuer(key.IssuerId), issuerKeys.PublicJwk(key), key.Status == KeyStatus.Compromised ? key.CompromisedAt : null);
    }
}
