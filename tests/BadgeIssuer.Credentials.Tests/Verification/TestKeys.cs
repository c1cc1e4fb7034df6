using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>A stand-in for the service's key store: the port's contract, with keys the test controls.</summary>
internal sealed class InMemoryTrustedKeys : ITrustedKeySource
{
    private readonly Dictionary<string, TrustedKey> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _issuedBeforeCompromise = new(StringComparer.Ordinal);

    public void Add(TrustedKey key) => _keys[key.KeyId] = key;

    /// <summary>Records the credential as one the issuer stored before its key was compromised.</summary>
    public void Issued(JsonObject credential) => _issuedBeforeCompromise.Add(BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(credential));

    public ValueTask<TrustedKey?> FindByKeyIdAsync(string keyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.GetValueOrDefault(keyId));

    public ValueTask<bool> IssuedBeforeCompromiseAsync(JsonObject credential, TrustedKey key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_issuedBeforeCompromise.Contains(BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(credential)));
}

internal static class TestCredentials
{
    public const string IssuerId = "https://badges.test/issuers/riverside";

    public static JsonObject Credential(string issuerId = IssuerId, string? validUntil = null)
    {
        JsonObject credential = JsonNode.Parse("""
            { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
              "id": "https://badges.test/credentials/c1",
              "type": ["VerifiableCredential", "OpenBadgeCredential"],
              "issuer": {"id": "placeholder", "type": ["Profile"], "name": "Riverside"},
              "validFrom": "2026-11-01T00:00:00Z", "name": "Digital Fluency",
              "credentialSubject": {"id": "did:example:teacher", "type": ["AchievementSubject"],
                "achievement": {"id": "https://badges.test/achievements/a1", "type": ["Achievement"],
                  "criteria": {"narrative": "Do it."}, "description": "d", "name": "Digital Fluency"}}}
            """)!.AsObject();
        credential["issuer"]!["id"] = issuerId;
        if (validUntil is not null) credential["validUntil"] = validUntil;
        return credential;
    }

    /// <summary>A fresh Ed25519 key and its publicKeyMultibase.</summary>
    public static (GeneratedKey Key, string Multibase) Ed25519()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        return (key, Multikey.EncodeEd25519PublicKey(BadgeIssuer.Credentials.Codecs.Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>())));
    }

    /// <summary>
    /// A fresh Ed25519 key that <paramref name="trusted"/> publishes as the issuer's (compromised from
    /// <paramref name="compromisedAt"/>, if given), and its verification method id: a fragment of the issuer's id.
    /// </summary>
    public static (GeneratedKey Key, string Method) TrustEd25519(InMemoryTrustedKeys trusted, DateTimeOffset? compromisedAt = null)
    {
        (GeneratedKey key, string multibase) = Ed25519();
        string method = $"{IssuerId}#{multibase}";
        trusted.Add(new TrustedKey(method, IssuerId, key.PublicJwk, compromisedAt));
        return (key, method);
    }

    /// <summary>A signing key and, registered in <paramref name="trusted"/>, its public half as the issuer's key.</summary>
    public static JwtSigningKey Trust(InMemoryTrustedKeys trusted, GeneratedKey generated, string controller = IssuerId, bool revoked = false)
    {
        string kid = "https://badges.test/keys/" + Guid.NewGuid().ToString("N");
        trusted.Add(new TrustedKey(kid, controller, generated.PublicJwk, revoked ? DateTimeOffset.MinValue : null));
        return new JwtSigningKey(kid, generated.Algorithm, generated.PrivateKey);
    }
}
