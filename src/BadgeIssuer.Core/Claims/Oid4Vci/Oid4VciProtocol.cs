// OpenID for Verifiable Credential Issuance 1.0 (final, September 2025), pre-authorized code flow: the names this
// service publishes in its metadata (§12.2, RFC 8414 §2) and answers with (§6.3, §8.3.1.2, RFC 6749 §5.2, RFC 6750 §3.1).
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Core.Claims.Oid4Vci;

/// <summary>The protocol's fixed names and this service's endpoints for it.</summary>
public static class Oid4VciProtocol
{
    /// <summary>§4.1.1, RFC 8414: the grant type of the pre-authorized code flow.</summary>
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>The one credential configuration offered: an OB 3.0 OpenBadgeCredential as ldp_vc (Appendix A.1.2).</summary>
    public const string ConfigurationId = "OpenBadgeCredential";

    /// <summary>Appendix A.1.2: W3C Verifiable Credentials secured with Data Integrity, not using JWT.</summary>
    public const string Format = "ldp_vc";

    /// <summary>The Data Integrity cryptosuite every credential of this service is signed with (vc-di-eddsa §3.1).</summary>
    public const string Cryptosuite = "eddsa-rdfc-2022";

    /// <summary>§4.1.1: the URI scheme of a credential offer for a wallet on the same device or in a QR code.</summary>
    public const string OfferScheme = "openid-credential-offer://";

    /// <summary>The DID methods a holder may bind the credential to (§12.2.4 cryptographic_binding_methods_supported).</summary>
    public static readonly IReadOnlyList<string> BindingMethods = ["did:key", "did:jwk"];

    /// <summary>The Credential Issuer Identifier (§12.2.1), also the OAuth issuer (RFC 8414 §2): the public origin.</summary>
    public static string CredentialIssuer(PublicUrls urls) => Urls(urls).Base;

    /// <summary>§8: the Credential Endpoint.</summary>
    public static string CredentialEndpoint(PublicUrls urls) => $"{Urls(urls).Base}/oid4vci/credential";

    /// <summary>§7: the Nonce Endpoint.</summary>
    public static string NonceEndpoint(PublicUrls urls) => $"{Urls(urls).Base}/oid4vci/nonce";

    /// <summary>§6, RFC 6749 §3.2: the Token Endpoint.</summary>
    public static string TokenEndpoint(PublicUrls urls) => $"{Urls(urls).Base}/oid4vci/token";

    /// <summary>§4.1.3: where the credential offer <paramref name="offerId"/> is served by reference.</summary>
    public static string OfferUrl(PublicUrls urls, string offerId) => $"{Urls(urls).Base}/oid4vci/offers/{offerId}";

    /// <summary>§4.1.3: the offer by reference as a wallet opens it, <c>openid-credential-offer://?credential_offer_uri=…</c>.</summary>
    public static string OfferUri(PublicUrls urls, string offerId) => $"{OfferScheme}?credential_offer_uri={Uri.EscapeDataString(OfferUrl(urls, offerId))}";

    private static PublicUrls Urls(PublicUrls urls) => urls ?? throw new ArgumentNullException(nameof(urls));
}

/// <summary>The error codes of the protocol (RFC 6749 §5.2, RFC 6750 §3.1, OpenID4VCI 1.0 §8.3.1.2).</summary>
public static class Oid4VciErrors
{
    /// <summary>RFC 6749 §5.2: a parameter is missing, repeated or malformed.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>RFC 6749 §5.2: the pre-authorized code is unknown, expired, used or locked, or the tx_code is wrong (§6.3).</summary>
    public const string InvalidGrant = "invalid_grant";

    /// <summary>RFC 6749 §5.2: a grant type this server does not issue tokens for.</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>RFC 6750 §3.1: the access token is unknown or expired (answered with 401 and WWW-Authenticate).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>§8.3.1.2: the credential request is missing a parameter or is malformed.</summary>
    public const string InvalidCredentialRequest = "invalid_credential_request";

    /// <summary>§8.3.1.2: the requested credential configuration is not one this issuer offers.</summary>
    public const string UnknownCredentialConfiguration = "unknown_credential_configuration";

    /// <summary>§8.3.1.2: the proofs are missing or one of them is invalid or carries no c_nonce.</summary>
    public const string InvalidProof = "invalid_proof";

    /// <summary>§8.3.1.2: a proof carries a c_nonce that is unknown, used or expired; the wallet asks for a new one.</summary>
    public const string InvalidNonce = "invalid_nonce";

    /// <summary>§8.3.1.2: the request is well-formed but the issuer does not accept it (here: the badge is another holder's, or revoked).</summary>
    public const string CredentialRequestDenied = "credential_request_denied";

    /// <summary>§8.3.1.2: encryption of the response was asked for, which this issuer does not offer.</summary>
    public const string InvalidEncryptionParameters = "invalid_encryption_parameters";

    /// <summary>Draft 13 §7.3.1.2: a credential format other than ldp_vc was asked for in the draft-13 request form.</summary>
    public const string UnsupportedCredentialFormat = "unsupported_credential_format";
}

/// <summary>A refusal the protocol defines: the JSON <c>error</c> code and an <c>error_description</c> for the wallet's developer.</summary>
public sealed record ProtocolError<T>(string Error, string Description) : Outcome<T>;
