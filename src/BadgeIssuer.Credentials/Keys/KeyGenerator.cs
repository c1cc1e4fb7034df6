// RSA-2048 (RFC 8017) for RS256, NIST P-256 for ES256 (RFC 7518 §3.3–3.4), Ed25519 for EdDSA (RFC 8032, RFC 8037).
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using NSec.Cryptography;

namespace BadgeIssuer.Credentials.Keys;

/// <summary>A freshly generated key pair.</summary>
/// <param name="Algorithm">The JOSE algorithm the key is for: <c>RS256</c>, <c>ES256</c> or <c>EdDSA</c>.</param>
/// <param name="PrivateKey">PKCS#8 DER for RSA and EC keys; the 32-byte seed for Ed25519. The caller must seal and wipe it.</param>
/// <param name="PublicJwk">The public JWK (RFC 7517), without <c>kid</c> and with no private members.</param>
public sealed record GeneratedKey(string Algorithm, byte[] PrivateKey, JsonObject PublicJwk);

/// <summary>Generates signing keys.</summary>
public static class KeyGenerator
{
    /// <summary>An RSA-2048 key for RS256.</summary>
    public static GeneratedKey GenerateRsa2048()
    {
        using RSA rsa = RSA.Create(2048);
        RSAParameters p = rsa.ExportParameters(includePrivateParameters: false);
        JsonObject jwk = new() { ["kty"] = "RSA", ["n"] = Base64Url.Encode(p.Modulus), ["e"] = Base64Url.Encode(p.Exponent) };
        return new GeneratedKey(JoseAlgorithms.RS256, rsa.ExportPkcs8PrivateKey(), jwk);
    }

    /// <summary>A P-256 key for ES256.</summary>
    public static GeneratedKey GenerateP256()
    {
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = ec.ExportParameters(includePrivateParameters: false);
        JsonObject jwk = new() { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.Encode(p.Q.X), ["y"] = Base64Url.Encode(p.Q.Y) };
        return new GeneratedKey(JoseAlgorithms.ES256, ec.ExportPkcs8PrivateKey(), jwk);
    }

    /// <summary>An Ed25519 key for EdDSA and Data Integrity proofs.</summary>
    public static GeneratedKey GenerateEd25519()
    {
        using Key key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        byte[] seed = key.Export(KeyBlobFormat.RawPrivateKey);
        byte[] publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        JsonObject jwk = new() { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.Encode(publicKey) };
        return new GeneratedKey(JoseAlgorithms.EdDSA, seed, jwk);
    }
}

/// <summary>JOSE algorithm names (RFC 7518 §3.1, RFC 8037 §3.1).</summary>
public static class JoseAlgorithms
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public const string RS256 = "RS256";
    /// <summary>RSASSA-PSS with SHA-256.</summary>
    public const string PS256 = "PS256";
    /// <summary>ECDSA with P-256 and SHA-256.</summary>
    public const string ES256 = "ES256";
    /// <summary>Edwards-curve signatures (Ed25519 here).</summary>
    public const string EdDSA = "EdDSA";
}
