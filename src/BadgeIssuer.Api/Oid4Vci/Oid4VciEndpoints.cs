// OpenID for Verifiable Credential Issuance 1.0 (final), pre-authorized code flow, as HTTP: the Credential Issuer
// Metadata (§12.2.2, at /.well-known/openid-credential-issuer), the OAuth Authorization Server Metadata (RFC 8414 §3 and
// OpenID4VCI §12.3), the credential offer by reference (§4.1.3), the Token Endpoint (§6, RFC 6749 §3.2 and §5),
// the Nonce Endpoint (§7) and the Credential Endpoint (§8, RFC 6750 bearer tokens). The protocol's own error forms are
// used wherever it defines one: RFC 6749 §5.2 JSON at the token endpoint, §8.3.1.2 JSON at the credential endpoint,
// RFC 6750 §3 WWW-Authenticate for a bad access token. Every answer that carries a code, token or nonce is no-store.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Claims.Oid4Vci;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.Jose;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Oid4Vci;

/// <summary>The OpenID4VCI routes (see the file header); the offer page itself is <see cref="Oid4VciOfferPage"/>.</summary>
public static class Oid4VciEndpoints
{
    /// <summary>The largest token request read, in bytes: three short parameters.</summary>
    public const int MaxTokenRequestBytes = 8 * 1024;

    private const string JsonMediaType = "application/json";
    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string NoStore = "no-store";

    public static void MapOid4Vci(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-credential-issuer", (PublicUrls urls) => Json(IssuerMetadata(urls)))
            .WithTags("OpenID4VCI").WithName("Oid4VciIssuerMetadata")
            .WithSummary("OpenID4VCI 1.0 §12.2: the Credential Issuer Metadata (one ldp_vc OpenBadgeCredential configuration, eddsa-rdfc-2022, holder binding to did:key or did:jwk by a jwt proof signed with EdDSA or ES256)")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType);
        app.MapGet("/.well-known/oauth-authorization-server", (PublicUrls urls) => Json(AuthorizationServerMetadata(urls)))
            .WithTags("OpenID4VCI").WithName("Oid4VciAuthorizationServerMetadata")
            .WithSummary("RFC 8414: the OAuth Authorization Server Metadata of the pre-authorized code flow (token endpoint, the grant, anonymous access)")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType);
        app.MapGet("/oid4vci/offers/{offerId}", OfferAsync)
            .WithTags("OpenID4VCI").WithName("Oid4VciCredentialOffer").RequireOid4VciLimits().HasSecretInPath()
            .WithSummary("OpenID4VCI 1.0 §4.1.3: a credential offer by reference, with its pre-authorized code and tx_code description; 404 once it has expired (10 minutes)")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        app.MapPost("/oid4vci/token", TokenAsync)
            .WithTags("OpenID4VCI").WithName("Oid4VciToken").RequireOid4VciLimits()
            .WithSummary("OpenID4VCI 1.0 §6: trade a pre-authorized code and its tx_code (application/x-www-form-urlencoded) for an access token; RFC 6749 §5.2 errors")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType).Produces<JsonObject>(StatusCodes.Status400BadRequest, JsonMediaType)
            .WithProblems(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery();
        app.MapPost("/oid4vci/nonce", NonceAsync)
            .WithTags("OpenID4VCI").WithName("Oid4VciNonce").RequireOid4VciLimits()
            .WithSummary("OpenID4VCI 1.0 §7: a fresh c_nonce for a key proof (single use, 5 minutes)")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType).WithProblems(StatusCodes.Status429TooManyRequests);
        app.MapPost("/oid4vci/credential", CredentialAsync)
            .WithTags("OpenID4VCI").WithName("Oid4VciCredential").RequireOid4VciLimits()
            .WithSummary("OpenID4VCI 1.0 §8: the badge bound to the DID of the key proof (proofs.jwt, or draft 13's proof), with a Bearer access token; §8.3.1.2 errors, 401 for a bad token")
            .Produces<JsonObject>(StatusCodes.Status200OK, JsonMediaType).Produces<JsonObject>(StatusCodes.Status400BadRequest, JsonMediaType)
            .Produces<JsonObject>(StatusCodes.Status401Unauthorized, JsonMediaType).WithProblems(StatusCodes.Status429TooManyRequests)
            .WithMetadata(OwnBearerTokens.Instance);
    }

    /// <summary>§12.2.4: the metadata; <c>authorization_servers</c> is left out because this issuer is its own (§12.2.4).</summary>
    public static JsonObject IssuerMetadata(PublicUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        JsonArray display = [new JsonObject { ["name"] = new Uri(urls.Base).Host, ["locale"] = "en" }];
        JsonArray credentialDisplay = [new JsonObject { ["name"] = "Open Badge", ["locale"] = "en", ["description"] = "An Open Badges 3.0 achievement credential" }];
        return new JsonObject
        {
            ["credential_issuer"] = Oid4VciProtocol.CredentialIssuer(urls),
            ["credential_endpoint"] = Oid4VciProtocol.CredentialEndpoint(urls),
            ["nonce_endpoint"] = Oid4VciProtocol.NonceEndpoint(urls),
            ["display"] = display,
            ["credential_configurations_supported"] = new JsonObject
            {
                [Oid4VciProtocol.ConfigurationId] = new JsonObject
                {
                    ["format"] = Oid4VciProtocol.Format,
                    // Appendix A.1.2.2: the @context and type of the credentials issued under this configuration.
                    ["credential_definition"] = new JsonObject
                    {
                        ["@context"] = new JsonArray(ObContexts.CredentialsV2, ObContexts.OpenBadgesV3),
                        ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
                    },
                    ["cryptographic_binding_methods_supported"] = new JsonArray([.. Oid4VciProtocol.BindingMethods.Select(m => (JsonNode)m)]),
                    // Appendix A.1.2.1: for ldp_vc, the Data Integrity cryptosuites the credential is signed with.
                    ["credential_signing_alg_values_supported"] = new JsonArray(Oid4VciProtocol.Cryptosuite),
                    ["proof_types_supported"] = new JsonObject
                    {
                        ["jwt"] = new JsonObject { ["proof_signing_alg_values_supported"] = new JsonArray([.. KeyProofJwt.Algorithms.Select(a => (JsonNode)a)]) },
                    },
                    // 1.0 §12.2.4 keeps the display under credential_metadata; draft-13 wallets read it one level up.
                    ["credential_metadata"] = new JsonObject { ["display"] = credentialDisplay },
                    ["display"] = credentialDisplay.DeepClone(),
                },
            },
        };
    }

    /// <summary>
    /// RFC 8414 §2 with OpenID4VCI §12.3: <c>response_types_supported</c> is required by RFC 8414 and empty here, because
    /// this server has no authorization endpoint; the token endpoint needs no client authentication (<c>none</c>).
    /// </summary>
    public static JsonObject AuthorizationServerMetadata(PublicUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return new JsonObject
        {
            ["issuer"] = Oid4VciProtocol.CredentialIssuer(urls),
            ["token_endpoint"] = Oid4VciProtocol.TokenEndpoint(urls),
            ["response_types_supported"] = new JsonArray(),
            ["grant_types_supported"] = new JsonArray(Oid4VciProtocol.PreAuthorizedGrant),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
            ["pre-authorized_grant_anonymous_access_supported"] = true,
        };
    }

    private static async Task<IResult> OfferAsync(string offerId, HttpContext http, Oid4VciService oid4vci)
    {
        Outcome<JsonObject> offer = await oid4vci.OfferDocumentAsync(offerId, http.RequestAborted);
        http.Response.Headers.CacheControl = NoStore;
        return offer is Done<JsonObject> { Value: var document } ? Json(document) : offer.ToProblem();
    }

    private static async Task<IResult> TokenAsync(HttpContext http, JsonBody body, Oid4VciService oid4vci)
    {
        NoStoreHeaders(http);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? media) || !media.MediaType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase))
            return Error(Oid4VciErrors.InvalidRequest, $"Send the token request as {FormMediaType} (RFC 6749 §4.1.3).");
        (byte[]? bytes, _) = await body.ReadBytesAsync(http, MaxTokenRequestBytes);
        if (bytes is null) return Error(Oid4VciErrors.InvalidRequest, $"The token request must be at most {MaxTokenRequestBytes} bytes.");
        Dictionary<string, StringValues> form;
        try
        {
            using MemoryStream stream = new(bytes);
            using FormReader reader = new(stream, Encoding.UTF8) { ValueCountLimit = 16, KeyLengthLimit = 64, ValueLengthLimit = 1024 };
            form = await reader.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return Error(Oid4VciErrors.InvalidRequest, "The token request has too many or too long parameters.");
        }
        // RFC 6749 §3.2: request parameters must not be included more than once.
        if (form.FirstOrDefault(p => p.Value.Count > 1) is { Key: { } repeated })
            return Error(Oid4VciErrors.InvalidRequest, $"The parameter '{repeated}' is sent more than once.");
        string? grantType = Single(form, "grant_type");
        if (string.IsNullOrEmpty(grantType)) return Error(Oid4VciErrors.InvalidRequest, "The request has no grant_type.");
        if (grantType != Oid4VciProtocol.PreAuthorizedGrant)
            return Error(Oid4VciErrors.UnsupportedGrantType, $"This server issues tokens for the grant type {Oid4VciProtocol.PreAuthorizedGrant} only.");

        Outcome<AccessTokenIssued> outcome = await oid4vci.TokenAsync(Single(form, "pre-authorized_code"), Single(form, "tx_code"), http.RequestAborted);
        return outcome switch
        {
            Done<AccessTokenIssued> { Value: var issued } => Json(new JsonObject
            {
                ["access_token"] = issued.AccessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = (int)issued.ExpiresIn.TotalSeconds,
                // Not part of 1.0 (which has the nonce endpoint); draft-13 wallets expect the first c_nonce here.
                ["c_nonce"] = issued.CNonce,
                ["c_nonce_expires_in"] = (int)issued.CNonceExpiresIn.TotalSeconds,
            }),
            ProtocolError<AccessTokenIssued> refused => Error(refused.Error, refused.Description),
            _ => throw new InvalidOperationException($"Unmapped outcome {outcome.GetType().Name}."),
        };
    }

    private static async Task<IResult> NonceAsync(HttpContext http, Oid4VciService oid4vci)
    {
        NoStoreHeaders(http);
        NonceIssued nonce = await oid4vci.NonceAsync(http.RequestAborted);
        return Json(new JsonObject { ["c_nonce"] = nonce.CNonce });
    }

    private static async Task<IResult> CredentialAsync(HttpContext http, JsonBody body, Oid4VciService oid4vci)
    {
        NoStoreHeaders(http);
        string? authorization = http.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6750 §3.1: a request without credentials gets the challenge without an error code.
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Text(new JsonObject { ["error_description"] = "Send the access token from the token endpoint as 'Authorization: Bearer <token>'." }.ToJsonString(),
                JsonMediaType + "; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        string accessToken = authorization["Bearer ".Length..].Trim();

        JsonObject? request = null;
        if (JsonBody.IsJson(http.Request.ContentType))
        {
            (byte[]? bytes, _) = await body.ReadBytesAsync(http, CredentialRequest.MaxBytes);
            if (bytes is not null && JsonBody.SyntaxProblem(bytes) is null)
            {
                try
                {
                    request = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = JsonBody.MaxDepth, AllowDuplicateProperties = false }) as JsonObject;
                }
                catch (JsonException)
                {
                    request = null;
                }
            }
        }

        Outcome<CredentialIssued> outcome = await oid4vci.CredentialAsync(accessToken, request, http.RequestAborted);
        switch (outcome)
        {
            case Done<CredentialIssued> { Value: var issued }:
                JsonNode credential = JsonNode.Parse(issued.Award.CredentialJson)!;
                return Json(issued.Draft13
                    ? new JsonObject { ["credential"] = credential }
                    : new JsonObject { ["credentials"] = new JsonArray(new JsonObject { ["credential"] = credential }) });
            case ProtocolError<CredentialIssued> { Error: Oid4VciErrors.InvalidToken } refused:
                // RFC 6750 §3: the challenge names the error; quotes and backslashes cannot occur in our descriptions.
                http.Response.Headers.WWWAuthenticate = $"Bearer error=\"{refused.Error}\", error_description=\"{refused.Description}\"";
                return Error(refused.Error, refused.Description, StatusCodes.Status401Unauthorized);
            case ProtocolError<CredentialIssued> { Error: Oid4VciErrors.InvalidProof or Oid4VciErrors.InvalidNonce } refused:
                // Draft 13 §7.3.1.2: a refused proof comes with a fresh c_nonce, which draft-13 wallets sign their retry
                // with; 1.0 wallets ask the nonce endpoint and ignore the extra members.
                NonceIssued fresh = await oid4vci.NonceAsync(http.RequestAborted);
                return Error(refused.Error, refused.Description, extra: new JsonObject { ["c_nonce"] = fresh.CNonce, ["c_nonce_expires_in"] = (int)fresh.ExpiresIn.TotalSeconds });
            case ProtocolError<CredentialIssued> refused:
                return Error(refused.Error, refused.Description);
            default:
                throw new InvalidOperationException($"Unmapped outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>RFC 6749 §5.1: responses with tokens (and their errors) are never cached.</summary>
    private static void NoStoreHeaders(HttpContext http)
    {
        http.Response.Headers.CacheControl = NoStore;
        http.Response.Headers.Pragma = "no-cache";
    }

    private static string? Single(Dictionary<string, StringValues> form, string name) => form.TryGetValue(name, out StringValues values) ? values.ToString() : null;

    private static IResult Json(JsonObject document) => Results.Text(document.ToJsonString(), JsonMediaType + "; charset=utf-8");

    /// <summary>The JSON error of RFC 6749 §5.2 and OpenID4VCI §8.3.1.2: <c>error</c> and <c>error_description</c>.</summary>
    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest, JsonObject? extra = null)
    {
        JsonObject body = new() { ["error"] = error, ["error_description"] = description };
        foreach ((string name, JsonNode? value) in extra ?? []) body[name] = value?.DeepClone();
        return Results.Text(body.ToJsonString(), JsonMediaType + "; charset=utf-8", statusCode: status);
    }
}
