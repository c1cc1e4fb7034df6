// OB 3.0 §8.2.6 (VC-JWT verification): header rules, the signing key and who owns it, and the registered claims.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>The checks of a compact VC-JWT that an embedded proof does not have.</summary>
internal sealed class JwtChecks(ITrustedKeySource trustedKeys)
{
    private static readonly HashSet<string> AllowedHeaders = new(StringComparer.Ordinal) { "alg", "kid", "jwk", "typ" };
    private static readonly string[] RegisteredClaims = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

    public static VerificationCheck Format(JsonObject header)
    {
        if (header.ContainsKey("crit"))
            return new(Checks.Format, CheckStatus.Failed, CriticalHeader, "The JWT marks header parameters as critical ('crit'), which OB 3.0 credentials must not use.");
        if (header["jwk"] is JsonObject jwk && Jwk.HasPrivateMembers(jwk))
            return new(Checks.Format, CheckStatus.Failed, PrivateKeyInHeader, "The JWT header carries a private key in 'jwk'; the key is compromised and the credential cannot be trusted.");
        if (header["typ"] is { } typ && JsonText.Of(typ) != "JWT")
            return new(Checks.Format, CheckStatus.Failed, BadType, $"The JWT header 'typ' must be \"JWT\" for OB 3.0; found {typ.ToJsonString()}.");
        string[] extra = [.. header.Select(p => p.Key).Where(k => !AllowedHeaders.Contains(k))];
        return extra.Length > 0
            ? new(Checks.Format, CheckStatus.Warning, UnexpectedHeader, $"The JWT header has parameters OB 3.0 does not allow ({string.Join(", ", extra)}); they were ignored.")
            : new(Checks.Format, CheckStatus.Passed, WellFormed, "The credential is a well-formed VC-JWT.");
    }

    public async Task<(VerificationCheck Signature, VerificationCheck Provenance, IssuerVoucher? Voucher)> SignatureAndProvenanceAsync(DecodedJwt jwt, JsonObject credential, CancellationToken cancellationToken)
    {
        if (jwt.Header["alg"] is null)
            return (new(Checks.Signature, CheckStatus.Failed, MissingField, "The JWT header has no 'alg', so it does not say how it was signed (OB 3.0 credentials use RS256)."), Unchecked(), null);
        string? alg = JsonText.Of(jwt.Header["alg"]);
        if (alg is null || !JwsSignatures.Supported.Contains(alg))
            return (new(Checks.Signature, CheckStatus.Failed, UnsupportedAlgorithm,
                    $"The signature algorithm {jwt.Header["alg"]!.ToJsonString()} is not accepted; OB 3.0 credentials use RS256 (also accepted: ES256, PS256, EdDSA)."),
                Unchecked(), null);

        string? issuerId = VcJwt.IssuerId(credential);
        string? kid = JsonText.Of(jwt.Header["kid"]);
        JsonObject? headerJwk = jwt.Header["jwk"] as JsonObject;
        JsonObject? key;
        VerificationCheck provenance;
        IssuerVoucher? voucher = null;

        if (kid is not null && await trustedKeys.FindByKeyIdAsync(kid, cancellationToken) is { } trusted)
        {
            key = trusted.PublicJwk;
            provenance = await OwnKeyProvenance.CheckAsync(trustedKeys, trusted, WithoutRegisteredClaims(credential), issuerId, cancellationToken);
            voucher = IssuerVoucher.ThisService;
        }
        else if (DidKey.TryParse(kid, out DidKey? didKey) || (kid is null && headerJwk is null && DidKey.TryParse(issuerId, out didKey)))
        {
            key = JwsSignatures.Ed25519Jwk(didKey!.Ed25519PublicKey);
            provenance = string.Equals(didKey.Did, issuerId, StringComparison.Ordinal)
                ? new(Checks.KeyProvenance, CheckStatus.Passed, KeyProvenanceVerified, "The signing key is the issuer's own did:key identifier.")
                : new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyProvenanceUnverified, $"The signing key {didKey.Did} is not the issuer's id, and nothing shows that {issuerId} controls it.");
        }
        else if (headerJwk is not null)
        {
            key = headerJwk;
            provenance = new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyProvenanceUnverified,
                "The signing key was taken from the JWT itself ('jwk' header). Anyone can sign with a key of their own, and nothing shows this key belongs to the issuer.");
        }
        else if (kid is not null)
        {
            return (new(Checks.Signature, CheckStatus.Indeterminate, KeyUnresolved,
                    $"The signing key '{kid}' is not one this service knows, and keys are not fetched from addresses found in a credential."),
                Unchecked(), null);
        }
        else
        {
            return (new(Checks.Signature, CheckStatus.Failed, NoKey, "The JWT names no key: OB 3.0 requires a 'kid' or a 'jwk' header."), Unchecked(), null);
        }
        if (issuerId is null) provenance = CredentialChecks.NoIssuerId;

        try
        {
            if (!JwsSignatures.Verify(alg, key, jwt.SigningInput, jwt.Signature))
                return (new(Checks.Signature, CheckStatus.Failed, SignatureMismatch, "The signature does not match: the credential was changed after it was signed, or it was signed with another key."),
                    Unchecked(), null);
        }
        catch (FormatException ex)
        {
            return (new(Checks.Signature, CheckStatus.Failed, KeyUnusable, $"The signing key cannot check this signature: {ex.Message}"), Unchecked(), null);
        }
        return (new(Checks.Signature, CheckStatus.Passed, SignatureValid, $"The {alg} signature is valid."), provenance, voucher);
    }

    /// <summary>
    /// The credential as issued: a VC-JWT whose payload is the credential itself (no <c>vc</c> claim) also carries the
    /// RFC 7519 registered claims, which <see cref="Claims"/> holds to agreeing with the credential.
    /// </summary>
    private static JsonObject WithoutRegisteredClaims(JsonObject credential)
    {
        JsonObject copy = credential.DeepClone().AsObject();
        foreach (string claim in RegisteredClaims) copy.Remove(claim);
        return copy;
    }

    private static VerificationCheck Unchecked() =>
        new(Checks.KeyProvenance, CheckStatus.Skipped, NotChecked, "Who owns the key was not checked, because the signature could not be verified.");

    /// <summary>OB 3.0 §8.2.6.1: registered claims must agree with the credential.</summary>
    public static VerificationCheck Claims(JsonObject payload, JsonObject credential)
    {
        List<string> mismatches = [];
        List<string> missing = [];
        void Compare(string claim, string? expected, string field)
        {
            string? actual = JsonText.Of(payload[claim]);
            if (payload[claim] is null)
            {
                if (expected is not null) missing.Add($"'{claim}' (should be {field})");
            }
            else if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                mismatches.Add($"'{claim}' is {payload[claim]!.ToJsonString()} but {field} is {(expected is null ? "missing" : $"\"{expected}\"")}");
            }
        }
        void CompareDate(string claim, string field)
        {
            long? expected = VcJwt.Date(credential[field]);
            if (payload[claim] is null)
            {
                if (expected is not null) missing.Add($"'{claim}' (should be {field})");
                return;
            }
            long? actual = payload[claim] is JsonValue v && v.TryGetValue(out long n) ? n : null;
            if (actual is null) mismatches.Add($"'{claim}' is {payload[claim]!.ToJsonString()}, which is not a NumericDate in whole seconds since 1970");
            else if (actual != expected) mismatches.Add($"'{claim}' is {payload[claim]!.ToJsonString()} but {field} is {credential[field]?.ToJsonString() ?? "missing"}");
        }

        bool vc11 = CredentialChecks.IsVc11(credential);
        Compare("iss", VcJwt.IssuerId(credential), "issuer.id");
        Compare("jti", JsonText.Of(credential["id"]), "id");
        Compare("sub", credential["credentialSubject"] is JsonObject s ? JsonText.Of(s["id"]) : null, "credentialSubject.id");
        CompareDate("nbf", vc11 ? "issuanceDate" : "validFrom");
        CompareDate("exp", vc11 ? "expirationDate" : "validUntil");

        if (mismatches.Count > 0)
            return new(Checks.Claims, CheckStatus.Failed, ClaimMismatch, "The JWT's claims contradict the credential: " + string.Join("; ", mismatches) + ".");
        if (missing.Count > 0)
            return new(Checks.Claims, CheckStatus.Warning, ClaimMissing, "The JWT lacks claims OB 3.0 asks for: " + string.Join(", ", missing) + ". What is present agrees with the credential.");
        return new(Checks.Claims, CheckStatus.Passed, ClaimsConsistent, "The JWT's claims (iss, sub, nbf, jti, exp) agree with the credential.");
    }
}
