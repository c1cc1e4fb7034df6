namespace BadgeIssuer.Core.Configuration;

/// <summary>The public URLs of what this service publishes, all under <see cref="BadgeIssuerOptions.PublicBaseUrl"/>.</summary>
public sealed class PublicUrls(BadgeIssuerOptions options)
{
    /// <summary>The origin, without a trailing slash.</summary>
    public string Base { get; } = options.BaseUrl;

    /// <summary>The issuer's id and public Profile document.</summary>
    public string Issuer(string issuerId) => $"{Base}/issuers/{issuerId}";

    /// <summary>The achievement's id and public Achievement document.</summary>
    public string Achievement(string issuerId, string achievementId) => $"{Base}/issuers/{issuerId}/achievements/{achievementId}";

    /// <summary>The credential's id and public document.</summary>
    public string Credential(string awardId) => $"{Base}/credentials/{awardId}";

    /// <summary>The compact VC-JWT of the credential.</summary>
    public string CredentialJwt(string awardId) => $"{Base}/credentials/{awardId}.jwt";

    /// <summary>The signed BitstringStatusListCredential of a status list.</summary>
    public string StatusList(string listId) => $"{Base}/status-lists/{listId}";

    /// <summary>The public JWK of a signing key, also its JWT <c>kid</c>.</summary>
    public string Key(string keyId) => $"{Base}/keys/{keyId}";

    /// <summary>The JWK Set of every published key.</summary>
    public string Jwks => $"{Base}/.well-known/jwks.json";

    /// <summary>
    /// A key's verification method (W3C Controlled Identifiers 1.0 §2.2): the URL serves the Multikey (Ed25519) or
    /// JsonWebKey (RSA) document whose controller is the issuer. Data Integrity proofs name it as verificationMethod.
    /// </summary>
    public string VerificationMethod(string issuerId, string keyId) => $"{Issuer(issuerId)}/keys/{keyId}";

    /// <summary>The issuer id and key id of a <see cref="VerificationMethod"/> URL of this service, or <c>null</c>.</summary>
    public (string IssuerId, string KeyId)? VerificationMethodParts(string url)
    {
        string prefix = $"{Base}/issuers/";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string[] parts = url[prefix.Length..].Split('/');
        return parts is [string issuerId, "keys", string keyId] && Ids.IsWellFormed(issuerId) && Ids.IsWellFormed(keyId) ? (issuerId, keyId) : null;
    }

    /// <summary>
    /// The issuer id and fragment of the verification method id older credentials carry: the Profile URL with the
    /// publicKeyMultibase as fragment (<c>{issuer}#z6Mk…</c>), or <c>null</c>.
    /// </summary>
    public (string IssuerId, string Fragment)? FragmentVerificationMethodParts(string url)
    {
        string prefix = $"{Base}/issuers/";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        int hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return null;
        string issuerId = url[prefix.Length..hash];
        return Ids.IsWellFormed(issuerId) ? (issuerId, url[(hash + 1)..]) : null;
    }

    /// <summary>The award id in a <see cref="Credential"/> URL of this service, or <c>null</c> for any other URL.</summary>
    public string? AwardIdFromCredential(string url)
    {
        string prefix = Credential("");
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string id = url[prefix.Length..];
        return Ids.IsWellFormed(id) ? id : null;
    }

    /// <summary>The key id in a <see cref="Key"/> URL of this service, or <c>null</c> for any other URL.</summary>
    public string? KeyIdFromUrl(string url)
    {
        string prefix = $"{Base}/keys/";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        string id = url[prefix.Length..];
        return Ids.IsWellFormed(id) ? id : null;
    }
}
