// OpenID4VCI 1.0 §8.2 (Credential Request: credential_configuration_id and proofs.jwt, an array) and the form of
// draft 13 §7.2 still sent by wallets built on it (a single proof {proof_type, jwt}, with format and
// credential_definition or a credential_configuration_id). Only what this issuer needs is read; a request for
// response encryption is refused because none is offered (§8.2: credential_response_encryption).
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials;

namespace BadgeIssuer.Core.Claims.Oid4Vci;

/// <summary>A credential request as this issuer reads it.</summary>
/// <param name="ProofJwt">The one key proof of type jwt.</param>
/// <param name="Draft13">True when the wallet used the draft-13 form: it gets the draft-13 response, <c>{"credential": …}</c>.</param>
public sealed record CredentialRequest(string ProofJwt, bool Draft13)
{
    /// <summary>The largest credential request body read, in bytes: one proof JWT and a few names.</summary>
    public const int MaxBytes = 32 * 1024;

    /// <summary>
    /// Reads <paramref name="body"/>: the request, or the protocol error a wallet gets for it
    /// (<c>invalid_credential_request</c>, <c>unknown_credential_configuration</c>, <c>invalid_proof</c>, ...).
    /// </summary>
    public static Outcome<CredentialRequest> Read(JsonObject? body)
    {
        if (body is null) return Refuse(Oid4VciErrors.InvalidCredentialRequest, "The body must be a JSON object (Content-Type application/json).");
        if (body.ContainsKey("credential_response_encryption"))
            return Refuse(Oid4VciErrors.InvalidEncryptionParameters, "This issuer does not encrypt credential responses (its metadata offers no credential_response_encryption).");
        if (body.ContainsKey("credential_identifier"))
            return Refuse(Oid4VciErrors.InvalidCredentialRequest, "This issuer's tokens carry no credential identifiers; send credential_configuration_id.");

        bool hasProof = body.ContainsKey("proof");
        bool hasProofs = body.ContainsKey("proofs");
        if (hasProof && hasProofs) return Refuse(Oid4VciErrors.InvalidCredentialRequest, "Send proofs (OpenID4VCI 1.0) or proof (draft 13), not both.");
        bool draft13 = hasProof || body.ContainsKey("format");

        if (body.ContainsKey("format"))
        {
            if (JsonText.Of(body["format"]) != Oid4VciProtocol.Format)
                return Refuse(Oid4VciErrors.UnsupportedCredentialFormat, $"This issuer issues its badges as {Oid4VciProtocol.Format} only.");
            if (body["credential_definition"] is JsonObject definition && !Names(definition["type"]).Contains("OpenBadgeCredential"))
                return Refuse(Oid4VciErrors.UnknownCredentialConfiguration, "The credential_definition's type must include OpenBadgeCredential.");
        }
        else
        {
            string? configurationId = JsonText.Of(body["credential_configuration_id"]);
            if (configurationId is null)
                return Refuse(Oid4VciErrors.InvalidCredentialRequest, "The request has no credential_configuration_id (a string); this issuer offers OpenBadgeCredential.");
            if (configurationId != Oid4VciProtocol.ConfigurationId)
                return Refuse(Oid4VciErrors.UnknownCredentialConfiguration, $"This issuer offers the credential configuration {Oid4VciProtocol.ConfigurationId} only.");
        }

        string? jwt;
        if (hasProof)
        {
            if (body["proof"] is not JsonObject proof || JsonText.Of(proof["proof_type"]) != "jwt")
                return Refuse(Oid4VciErrors.InvalidProof, "The proof must be an object with proof_type jwt and the jwt.");
            jwt = JsonText.Of(proof["jwt"]);
        }
        else if (hasProofs)
        {
            if (body["proofs"] is not JsonObject proofs || proofs.Count != 1 || proofs["jwt"] is not JsonArray jwts)
                return Refuse(Oid4VciErrors.InvalidProof, "The proofs must be an object with one member, jwt: an array of proof JWTs (this issuer accepts the jwt proof type only).");
            // Without batch_credential_issuance in the metadata (§12.2.4), one proof makes one credential.
            if (jwts.Count != 1) return Refuse(Oid4VciErrors.InvalidProof, "Send exactly one proof JWT: this issuer does not issue batches.");
            jwt = JsonText.Of(jwts[0]);
        }
        else
        {
            return Refuse(Oid4VciErrors.InvalidProof, "The request has no proofs: sign a key proof JWT with the holder's key and send it as proofs.jwt.");
        }
        if (string.IsNullOrEmpty(jwt)) return Refuse(Oid4VciErrors.InvalidProof, "The proof JWT must be a non-empty string.");
        return new Done<CredentialRequest>(new CredentialRequest(jwt, draft13));
    }

    private static HashSet<string> Names(JsonNode? node) => node is JsonArray array
        ? [.. array.Take(16).Select(JsonText.Of).OfType<string>()]
        : JsonText.Of(node) is { } one ? [one] : [];

    private static ProtocolError<CredentialRequest> Refuse(string error, string description) => new(error, description);
}
