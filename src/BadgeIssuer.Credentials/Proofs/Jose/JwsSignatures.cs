// RFC 7515 §5 (JWS signing input), RFC 7518 §3.3 (RS256), §3.4 (ES256, IEEE P1363 r||s), §3.5 (PS256), RFC 8037 §3.1 (EdDSA).
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using NSec.Cryptography;

namespace BadgeIssuer.Credentials.Proofs.Jose;

/// <summary>Signs and verifies JWS signing inputs for the algorithms we accept.</summary>
public static class JwsSignatures
{
    /// <summary>The algorithms we verify. <c>none</c> and HMAC are never accepted.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        JoseAlgorithms.RS256, JoseAlgorithms.PS256, JoseAlgorithms.ES256, JoseAlgorithms.EdDSA,
    };

    /// <summary>Signs <paramref name="input"/> with a private key in the form <see cref="GeneratedKey"/> holds.</summary>
    public static byte[] Sign(string algorithm, byte[] privateKey, ReadOnlySpan<byte> input)
    {
        using JwsPrivateKey key = JwsPrivateKey.Import(algorithm, privateKey);
        return key.Sign(input);
    }

    /// <summary>
    /// Verifies a signature with a public JWK. Throws <see cref="FormatException"/> when the JWK is malformed or its
    /// key type does not fit the algorithm (RFC 7518: RSA for RS/PS, P-256 for ES256, Ed25519 OKP for EdDSA).
    /// </summary>
    public static bool Verify(string algorithm, JsonObject publicJwk, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicJwk);
        string kty = Jwk.Member(publicJwk, "kty");
        switch (algorithm)
        {
            case JoseAlgorithms.RS256:
            case JoseAlgorithms.PS256:
            {
                Expect(kty == "RSA", algorithm, kty);
                byte[] n = Decode(publicJwk, "n");
                if (n.Length < 256) throw new FormatException($"RSA keys shorter than 2048 bits are not accepted; this one has {n.Length * 8} bits.");
                using RSA rsa = RSA.Create(new RSAParameters { Modulus = n, Exponent = Decode(publicJwk, "e") });
                return rsa.VerifyData(input, signature, HashAlgorithmName.SHA256, algorithm == JoseAlgorithms.RS256 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
            }
            case JoseAlgorithms.ES256:
            {
                Expect(kty == "EC" && Jwk.Member(publicJwk, "crv") == "P-256", algorithm, kty);
                using ECDsa ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Decode(publicJwk, "x"), Y = Decode(publicJwk, "y") } });
                return signature.Length == 64 && ec.VerifyData(input, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            case JoseAlgorithms.EdDSA:
            {
                Expect(kty == "OKP" && Jwk.Member(publicJwk, "crv") == "Ed25519", algorithm, kty);
                byte[] x = Decode(publicJwk, "x");
                if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, x, KeyBlobFormat.RawPublicKey, out NSec.Cryptography.PublicKey? key))
                    throw new FormatException("The Ed25519 public key is not 32 valid bytes.");
                return SignatureAlgorithm.Ed25519.Verify(key!, input, signature);
            }
            default:
                throw new FormatException($"The algorithm '{algorithm}' is not accepted.");
        }
    }

    /// <summary>The public JWK of a raw Ed25519 key (RFC 8037 §2).</summary>
    public static JsonObject Ed25519Jwk(ReadOnlySpan<byte> publicKey) =>
        new() { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.Encode(publicKey) };

    private static void Expect(bool fits, string algorithm, string kty)
    {
        if (!fits) throw new FormatException($"A '{kty}' key cannot verify {algorithm} signatures.");
    }

    private static byte[] Decode(JsonObject jwk, string member) =>
        Base64Url.TryDecode(Jwk.Member(jwk, member)) ?? throw new FormatException($"The JWK member '{member}' is not base64url.");
}

/// <summary>
/// A JWS private key imported once (importing an RSA key costs more than signing with it). One instance signs from
/// several threads at once: each signature runs in its own native context over the shared, read-only key.
/// </summary>
internal sealed class JwsPrivateKey : IDisposable
{
    private readonly string _algorithm;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly Key? _ed25519;

    private JwsPrivateKey(string algorithm, RSA? rsa, ECDsa? ec, Key? ed25519)
    {
        _algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
        _ed25519 = ed25519;
    }

    /// <summary>Imports PKCS#8 DER (RSA, EC) or the 32-byte Ed25519 seed for <paramref name="algorithm"/>.</summary>
    public static JwsPrivateKey Import(string algorithm, byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        switch (algorithm)
        {
            case JoseAlgorithms.RS256:
            case JoseAlgorithms.PS256:
            {
                RSA rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(privateKey, out _);
                return new JwsPrivateKey(algorithm, rsa, null, null);
            }
            case JoseAlgorithms.ES256:
            {
                ECDsa ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(privateKey, out _);
                return new JwsPrivateKey(algorithm, null, ec, null);
            }
            case JoseAlgorithms.EdDSA:
                return new JwsPrivateKey(algorithm, null, null, Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey));
            default:
                throw new ArgumentException($"Signing with '{algorithm}' is not supported.", nameof(algorithm));
        }
    }

    /// <summary>The JWS signature of <paramref name="input"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> input) => _algorithm switch
    {
        JoseAlgorithms.RS256 => _rsa!.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        JoseAlgorithms.PS256 => _rsa!.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        JoseAlgorithms.ES256 => _ec!.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => SignatureAlgorithm.Ed25519.Sign(_ed25519!, input),
    };

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
        _ed25519?.Dispose();
    }
}
