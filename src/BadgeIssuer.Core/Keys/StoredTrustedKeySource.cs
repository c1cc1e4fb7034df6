using System.Text.Json.Nodes;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Verification;
using BadgeIssuer.LinkedData.Jcs;
using BadgeIssuer.Credentials;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// The verifier's view of the keys this service publishes: a JWT <c>kid</c> that is one of our key URLs, a Data
/// Integrity verification method <c>{issuer URL}/keys/{key id}</c>, or the <c>{issuer URL}#{publicKeyMultibase}</c>
/// form older credentials carry, resolves to the key and to the issuer it belongs to, which is what proves key
/// provenance. Once a key is compromised, the awards store says which credentials it signed before that.
/// </summary>
public sealed class StoredTrustedKeySource(IKeyStore keys, IAwardStore awards, IssuerKeyService issuerKeys, PublicUrls urls) : ITrustedKeySource
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
            key = await keys.GetAsync(method.KeyId, cancellationToken) is { } found && found.IssuerId == method.IssuerId ? found : null;
        }
        else if (urls.FragmentVerificationMethodParts(keyId) is { } legacy)
        {
            foreach (SigningKey candidate in await keys.ListByIssuerAsync(legacy.IssuerId, cancellationToken))
                if (string.Equals(candidate.PublicKeyMultibase, legacy.Fragment, StringComparison.Ordinal)) key = candidate;
        }
        return key is null
            ? null
            : new TrustedKey(keyId, urls.Issuer(key.IssuerId), issuerKeys.PublicJwk(key), key.Status == KeyStatus.Compromised ? key.CompromisedAt : null);
    }

    /// <summary>
    /// Finds the award by the credential's id and compares the credential with the stored one in their RFC 8785 (JCS)
    /// forms; the award's own issue time, recorded by this service, must fall before the compromise.
    /// </summary>
    public async ValueTask<bool> IssuedBeforeCompromiseAsync(JsonObject credential, TrustedKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(key);
        if (key.CompromisedAt is not { } compromisedAt
            || JsonText.Of(credential["id"]) is not { } credentialId
            || urls.AwardIdFromCredential(credentialId) is not { } awardId
            || await awards.GetAsync(awardId, cancellationToken) is not { } award)
            return false;
        if (award.IssuedAt >= compromisedAt || award.CredentialId != credentialId || urls.Issuer(award.IssuerId) != key.ControllerId) return false;
        try
        {
            return string.Equals(Jcs.Canonicalize(credential), Jcs.Canonicalize(award.CredentialJson), StringComparison.Ordinal);
        }
        catch (JcsException)
        {
            return false;
        }
    }
}
