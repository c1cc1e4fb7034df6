// OpenID for Verifiable Credential Issuance 1.0, Appendix F.1 (jwt proof type): a JWS (RFC 7515) with typ
// "openid4vci-proof+jwt" whose header names the holder's key by exactly one of kid (a DID URL) or jwk (RFC 7517, public
// only), with claims aud = the Credential Issuer Identifier, iat (RFC 7519 §4.1.6) and nonce (a c_nonce of the issuer,
// §7). iss is the client_id and is left out by anonymous pre-authorized wallets, so it is not required. x5c,
// trust_chain and key attestations are not accepted here: the credential is bound to a DID.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;

namespace BadgeIssuer.Credentials.Proofs.Jose;

/// <summary>What a verified key proof shows: the holder's DID and the c_nonce it was made for (not yet consumed).</summary>
public sealed record KeyProof(string HolderDid, string Nonce);

/// <summary>Checks OpenID4VCI key proofs of the <c>jwt</c> type.</summary>
public static class KeyProofJwt
{
    /// <summary>The <c>typ</c> header value F.1 requires.</summary>
    public const string Type = "openid4vci-proof+jwt";

    /// <summary>The longest proof accepted, in characters: a header with a P-256 JWK, a few claims and a signature fit in far less.</summary>
    public const int MaxLength = 8 * 1024;

    /// <summary>The longest nonce accepted, in characters.</summary>
    public const int MaxNonceLength = 256;

    /// <summary>How far <c>iat</c> may lie from now, either way (clock skew, and how long a proof stays usable).</summary>
    public static readonly TimeSpan IatTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The algorithms accepted for proofs: Ed25519 and P-256 keys, which did:key and did:jwk name here.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [JoseAlgorithms.EdDSA, JoseAlgorithms.ES256];

    /// <summary>
    /// Verifies <paramref name="jwt"/> as a key proof for <paramref name="audience"/> at <paramref name="now"/>. On
    /// success <paramref name="proof"/> names the holder's DID and the nonce, which the caller must still consume; on
    /// failure <paramref name="error"/> says what is wrong in words a wallet developer can act on.
    /// </summary>
    public static bool TryVerify(string? jwt, string audience, DateTimeOffset now, out KeyProof? proof, out string? error)
    {
        ArgumentNullException.ThrowIfNull(audience);
        proof = null;
        if (string.IsNullOrEmpty(jwt)) return Fail("The proof JWT is empty.", out error);
        if (jwt.Length > MaxLength) return Fail($"The proof JWT is longer than {MaxLength} characters.", out error);
        if (!VcJwt.TryDecode(jwt, out DecodedJwt? decoded, out error)) return false;
        JsonObject header = decoded!.Header;
        JsonObject claims = decoded.Payload;

        if (JsonText.Of(header["typ"]) != Type) return Fail($"The proof's typ header must be '{Type}'.", out error);
        string? alg = JsonText.Of(header["alg"]);
        if (alg is null || !Algorithms.Contains(alg, StringComparer.Ordinal))
            return Fail($"The proof's alg must be one of {string.Join(", ", Algorithms)}; found '{alg ?? "none"}'.", out error);
        // RFC 7515 §4.1.11: extensions a recipient does not understand must be refused; none are understood here.
        if (header.ContainsKey("crit")) return Fail("The proof's crit header names extensions this issuer does not support.", out error);
        if (header.ContainsKey("x5c") || header.ContainsKey("trust_chain") || header.ContainsKey("key_attestation"))
            return Fail("Only kid (a did:key or did:jwk DID URL) or jwk name the key here; x5c, trust_chain and key attestations are not accepted.", out error);
        bool hasKid = header.ContainsKey("kid");
        bool hasJwk = header.ContainsKey("jwk");
        if (hasKid == hasJwk) return Fail("The proof's header must carry exactly one of kid and jwk.", out error);

        HolderKey? key;
        if (hasKid)
        {
            if (!HolderKey.TryResolve(JsonText.Of(header["kid"]), out key, out error)) return false;
        }
        else if (!HolderKey.TryFromJwk(header["jwk"] as JsonObject, out key, out error))
        {
            return false;
        }

        try
        {
            if (!JwsSignatures.Verify(alg, key!.PublicJwk, decoded.SigningInput, decoded.Signature))
                return Fail("The proof's signature does not verify with the key its header names.", out error);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return Fail($"The proof's key cannot verify it: {ex.Message}", out error);
        }

        if (!AudienceIs(claims["aud"], audience)) return Fail($"The proof's aud must be the Credential Issuer Identifier, '{audience}'.", out error);
        if (claims["iat"] is not JsonValue iatValue || !iatValue.TryGetValue(out double iat) || double.IsNaN(iat) || double.IsInfinity(iat))
            return Fail("The proof has no iat (a NumericDate: seconds since 1970).", out error);
        double skew = Math.Abs(iat - now.ToUnixTimeSeconds());
        if (skew > IatTolerance.TotalSeconds)
            return Fail($"The proof's iat is more than {IatTolerance.TotalMinutes} minutes away from the issuer's time; make a fresh proof.", out error);
        string? nonce = JsonText.Of(claims["nonce"]);
        if (string.IsNullOrEmpty(nonce) || nonce.Length > MaxNonceLength)
            return Fail("The proof has no nonce: ask the nonce endpoint for a c_nonce and sign it into the proof.", out error);

        proof = new KeyProof(key.Did, nonce);
        error = null;
        return true;
    }

    /// <summary>RFC 7519 §4.1.3: aud is one string or an array of strings; the issuer must be among them.</summary>
    private static bool AudienceIs(JsonNode? aud, string audience) => aud switch
    {
        JsonArray array => array.Count <= 16 && array.Any(a => JsonText.Of(a) == audience),
        _ => JsonText.Of(aud) == audience,
    };

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
