using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// OpenID4VCI 1.0 pre-authorized code flow through HTTP, as a wallet walks it: the claim page's offer, the offer and the
/// metadata, the token with its tx_code, a nonce, and the credential bound to the wallet's DID; and every refusal.
/// </summary>
public sealed partial class Oid4VciTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Grant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>A wallet's key and the proofs it signs.</summary>
    private sealed class Wallet(GeneratedKey key, bool useJwk)
    {
        public static Wallet Ed25519() => new(KeyGenerator.GenerateEd25519(), useJwk: false);

        public static Wallet P256Jwk() => new(KeyGenerator.GenerateP256(), useJwk: true);

        public string Did => useJwk
            ? "did:jwk:" + Base64Url.Encode(Encoding.UTF8.GetBytes(new JsonObject { ["crv"] = "P-256", ["kty"] = "EC", ["x"] = key.PublicJwk["x"]!.GetValue<string>(), ["y"] = key.PublicJwk["y"]!.GetValue<string>() }.ToJsonString()))
            : "did:key:" + Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));

        public string Proof(string nonce, DateTimeOffset iat, string audience = ApiFactory.BaseUrl, string typ = KeyProofJwt.Type)
        {
            JsonObject header = new() { ["typ"] = typ, ["alg"] = key.Algorithm };
            if (useJwk) header["jwk"] = key.PublicJwk.DeepClone();
            else header["kid"] = Did + "#" + Did["did:key:".Length..];
            JsonObject claims = new() { ["aud"] = audience, ["iat"] = iat.ToUnixTimeSeconds(), ["nonce"] = nonce };
            string input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            return input + "." + Base64Url.Encode(JwsSignatures.Sign(key.Algorithm, key.PrivateKey, Encoding.ASCII.GetBytes(input)));
        }
    }

    private sealed record Offer(string OfferUrl, string TxCode, string PreAuthorizedCode, JsonObject Award);

    [GeneratedRegex("href=\"(openid-credential-offer://[^\"]+)\"")]
    private static partial Regex OfferLink();

    [GeneratedRegex("<strong>(\\d{6})</strong>")]
    private static partial Regex TxCodeText();

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    /// <summary>Issues the sample award and posts the claim page's OpenID4VCI form, reading the offer as a wallet's user would.</summary>
    private async Task<Offer> OfferAsync(HttpClient anonymous)
    {
        (_, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        client.Dispose();
        string claimUrl = award["links"]!["claim"]!.GetValue<string>();
        HttpResponseMessage page = await anonymous.PostAsync(new Uri(claimUrl).AbsolutePath + "/oid4vci", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        string html = await page.Content.ReadAsStringAsync();
        string offerUri = WebUtility.HtmlDecode(OfferLink().Match(html).Groups[1].Value);
        string txCode = TxCodeText().Match(html).Groups[1].Value;
        Assert.StartsWith("openid-credential-offer://?credential_offer_uri=", offerUri, StringComparison.Ordinal);
        string offerUrl = Uri.UnescapeDataString(offerUri["openid-credential-offer://?credential_offer_uri=".Length..]);
        JsonObject offer = await (await anonymous.GetAsync(offerUrl)).ReadObjectAsync();
        string code = offer["grants"]![Grant]!["pre-authorized_code"]!.GetValue<string>();
        return new Offer(offerUrl, txCode, code, award);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient anonymous, string code, string? txCode)
    {
        List<(string, string)> fields = [("grant_type", Grant), ("pre-authorized_code", code)];
        if (txCode is not null) fields.Add(("tx_code", txCode));
        return anonymous.PostAsync("/oid4vci/token", Form([.. fields]));
    }

    private static async Task<string> AccessTokenAsync(HttpClient anonymous, Offer offer)
    {
        HttpResponseMessage token = await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return (await token.ReadObjectAsync())["access_token"]!.GetValue<string>();
    }

    private static async Task<string> NonceAsync(HttpClient anonymous) =>
        (await (await anonymous.PostAsync("/oid4vci/nonce", null)).ReadObjectAsync())["c_nonce"]!.GetValue<string>();

    private static Task<HttpResponseMessage> CredentialAsync(HttpClient anonymous, string? accessToken, JsonObject body)
    {
        HttpRequestMessage request = new(HttpMethod.Post, "/oid4vci/credential") { Content = Journey.Json(body) };
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return anonymous.SendAsync(request);
    }

    private static JsonObject Request(string proof) => new()
    {
        ["credential_configuration_id"] = "OpenBadgeCredential",
        ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(proof) },
    };

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        JsonObject json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(error, json["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(json["error_description"]!.GetValue<string>()));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_metadata_describe_the_openbadge_configuration_and_the_pre_authorized_grant()
    {
        using HttpClient anonymous = api.Anonymous();
        JsonObject issuer = await (await anonymous.GetAsync("/.well-known/openid-credential-issuer")).ReadObjectAsync();
        Assert.Equal(ApiFactory.BaseUrl, issuer["credential_issuer"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/oid4vci/credential", issuer["credential_endpoint"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/oid4vci/nonce", issuer["nonce_endpoint"]!.GetValue<string>());
        Assert.Equal("badges.test", issuer["display"]![0]!["name"]!.GetValue<string>());
        JsonObject configuration = issuer["credential_configurations_supported"]!["OpenBadgeCredential"]!.AsObject();
        Assert.Equal("ldp_vc", configuration["format"]!.GetValue<string>());
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], configuration["credential_definition"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("https://www.w3.org/ns/credentials/v2", configuration["credential_definition"]!["@context"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["did:key", "did:jwk"], configuration["cryptographic_binding_methods_supported"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["eddsa-rdfc-2022"], configuration["credential_signing_alg_values_supported"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["EdDSA", "ES256"], configuration["proof_types_supported"]!["jwt"]!["proof_signing_alg_values_supported"]!.AsArray().Select(t => t!.GetValue<string>()));

        JsonObject server = await (await anonymous.GetAsync("/.well-known/oauth-authorization-server")).ReadObjectAsync();
        Assert.Equal(ApiFactory.BaseUrl, server["issuer"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/oid4vci/token", server["token_endpoint"]!.GetValue<string>());
        Assert.Equal([Grant], server["grant_types_supported"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(server["pre-authorized_grant_anonymous_access_supported"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_eddsa_did_key_wallet_gets_the_badge_bound_to_its_did_and_it_verifies()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        JsonObject document = await (await anonymous.GetAsync(offer.OfferUrl)).ReadObjectAsync();
        Assert.Equal(ApiFactory.BaseUrl, document["credential_issuer"]!.GetValue<string>());
        Assert.Equal(["OpenBadgeCredential"], document["credential_configuration_ids"]!.AsArray().Select(t => t!.GetValue<string>()));
        JsonObject txCode = document["grants"]![Grant]!["tx_code"]!.AsObject();
        Assert.Equal("numeric", txCode["input_mode"]!.GetValue<string>());
        Assert.Equal(6, txCode["length"]!.GetValue<int>());

        HttpResponseMessage tokenResponse = await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode);
        Assert.Equal("no-store", tokenResponse.Headers.CacheControl!.ToString());
        JsonObject token = await tokenResponse.ReadObjectAsync();
        Assert.Equal("Bearer", token["token_type"]!.GetValue<string>());
        Assert.True(token["expires_in"]!.GetValue<int>() > 0);

        HttpResponseMessage nonceResponse = await anonymous.PostAsync("/oid4vci/nonce", null);
        Assert.Equal("no-store", nonceResponse.Headers.CacheControl!.ToString());
        string nonce = (await nonceResponse.ReadObjectAsync())["c_nonce"]!.GetValue<string>();

        Wallet wallet = Wallet.Ed25519();
        HttpResponseMessage response = await CredentialAsync(anonymous, token["access_token"]!.GetValue<string>(), Request(wallet.Proof(nonce, api.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject credential = (await response.ReadObjectAsync())["credentials"]![0]!["credential"]!.AsObject();
        Assert.Equal(wallet.Did, credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Equal(offer.Award["credential"]!["id"]!.GetValue<string>(), credential["id"]!.GetValue<string>());
        Assert.Equal("eddsa-rdfc-2022", credential["proof"]![0]!["cryptosuite"]!.GetValue<string>());
        JsonObject report = await Journey.VerifyAsync(api, new JsonObject { ["credential"] = credential.DeepClone() });
        Assert.Equal("valid", report["status"]!.GetValue<string>());

        // The same wallet may ask again (idempotent); the code itself is used up.
        HttpResponseMessage again = await CredentialAsync(anonymous, token["access_token"]!.GetValue<string>(), Request(wallet.Proof(await NonceAsync(anonymous), api.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertErrorAsync(await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode), "invalid_grant");
    }

    [Fact]
    public async Task An_es256_jwk_wallet_of_draft_13_gets_the_draft_13_response_bound_to_its_did_jwk()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        JsonObject token = await (await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode)).ReadObjectAsync();
        string nonce = token["c_nonce"]!.GetValue<string>();
        Wallet wallet = Wallet.P256Jwk();
        JsonObject body = new()
        {
            ["format"] = "ldp_vc",
            ["credential_definition"] = new JsonObject { ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential") },
            ["proof"] = new JsonObject { ["proof_type"] = "jwt", ["jwt"] = wallet.Proof(nonce, api.Time.GetUtcNow()) },
        };
        HttpResponseMessage response = await CredentialAsync(anonymous, token["access_token"]!.GetValue<string>(), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject credential = (await response.ReadObjectAsync())["credential"]!.AsObject();
        Assert.Equal(wallet.Did, credential["credentialSubject"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_offer_page_for_an_unknown_claim_link_is_a_404_page_and_an_unknown_offer_a_404_problem()
    {
        using HttpClient anonymous = api.Anonymous();
        HttpResponseMessage page = await anonymous.PostAsync("/claim/not-a-token/oid4vci", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("This claim link does not work", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        HttpResponseMessage offer = await anonymous.GetAsync("/oid4vci/offers/unknown");
        Assert.Equal(HttpStatusCode.NotFound, offer.StatusCode);
        Assert.Equal("application/problem+json", offer.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_revoked_badge_gets_a_410_page_and_no_offer()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        string claimPath = new Uri(award["links"]!["claim"]!.GetValue<string>()).AbsolutePath;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""))).StatusCode);
        client.Dispose();
        using HttpClient anonymous = api.Anonymous();
        HttpResponseMessage page = await anonymous.PostAsync(claimPath + "/oid4vci", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("revoked", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offers_and_codes_expire_after_ten_minutes()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        api.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(offer.OfferUrl)).StatusCode);
        await AssertErrorAsync(await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode), "invalid_grant");
    }

    [Fact]
    public async Task Five_wrong_tx_codes_lock_the_code_even_for_the_right_one()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        string wrong = offer.TxCode == "000000" ? "111111" : "000000";
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            HttpResponseMessage refused = await TokenAsync(anonymous, offer.PreAuthorizedCode, wrong);
            await AssertErrorAsync(refused, "invalid_grant");
        }
        HttpResponseMessage locked = await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode);
        await AssertErrorAsync(locked, "invalid_grant");
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_wrong_tx_codes_are_each_counted()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        string wrong = offer.TxCode == "000000" ? "111111" : "000000";
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => TokenAsync(anonymous, offer.PreAuthorizedCode, wrong)));
        await AssertErrorAsync(await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode), "invalid_grant");
    }

    [Fact]
    public async Task Of_parallel_redemptions_of_one_code_exactly_one_gets_a_token()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (HttpResponseMessage refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await AssertErrorAsync(refused, "invalid_grant");
    }

    [Fact]
    public async Task Malformed_token_requests_get_rfc_6749_errors()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", Journey.Json(new JsonObject { ["grant_type"] = Grant })), "invalid_request");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", Form(("pre-authorized_code", offer.PreAuthorizedCode))), "invalid_request");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", Form(("grant_type", "authorization_code"), ("code", "x"))), "unsupported_grant_type");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", Form(("grant_type", Grant), ("grant_type", Grant), ("pre-authorized_code", offer.PreAuthorizedCode))), "invalid_request");
        await AssertErrorAsync(await TokenAsync(anonymous, offer.PreAuthorizedCode, null), "invalid_request");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", Form(("grant_type", Grant))), "invalid_request");
        await AssertErrorAsync(await TokenAsync(anonymous, "unknown-code", "123456"), "invalid_grant");
        await AssertErrorAsync(await TokenAsync(anonymous, new string('a', 5000), "123456"), "invalid_request");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", new StringContent(new string('a', 20_000), Encoding.ASCII, "application/x-www-form-urlencoded")), "invalid_request");
        await AssertErrorAsync(await anonymous.PostAsync("/oid4vci/token", new StringContent("%%%&&&===", Encoding.ASCII, "application/x-www-form-urlencoded")), "invalid_request");
        // None of these used the code up.
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(anonymous, offer.PreAuthorizedCode, offer.TxCode)).StatusCode);
    }

    [Fact]
    public async Task Bad_access_tokens_get_401_with_the_bearer_challenge()
    {
        using HttpClient anonymous = api.Anonymous();
        Wallet wallet = Wallet.Ed25519();
        JsonObject body = Request(wallet.Proof(await NonceAsync(anonymous), api.Time.GetUtcNow()));
        HttpResponseMessage none = await CredentialAsync(anonymous, null, body);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        HttpResponseMessage unknown = await CredentialAsync(anonymous, "not-a-token", body);
        await AssertErrorAsync(unknown, "invalid_token", HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer error=\"invalid_token\"", unknown.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        Offer offer = await OfferAsync(anonymous);
        string accessToken = await AccessTokenAsync(anonymous, offer);
        api.Time.Advance(TimeSpan.FromMinutes(11));
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(await NonceAsync(anonymous), api.Time.GetUtcNow()))), "invalid_token", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_credential_requests_get_the_errors_of_section_8_3_1_2()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        string accessToken = await AccessTokenAsync(anonymous, offer);
        Wallet wallet = Wallet.Ed25519();
        DateTimeOffset now = api.Time.GetUtcNow();

        HttpRequestMessage notJson = new(HttpMethod.Post, "/oid4vci/credential") { Content = new StringContent("credential please") };
        notJson.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        await AssertErrorAsync(await anonymous.SendAsync(notJson), "invalid_credential_request");
        HttpRequestMessage broken = new(HttpMethod.Post, "/oid4vci/credential") { Content = Journey.Json("{\"proofs\": ") };
        broken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        await AssertErrorAsync(await anonymous.SendAsync(broken), "invalid_credential_request");

        HttpRequestMessage huge = new(HttpMethod.Post, "/oid4vci/credential") { Content = Journey.Json(new JsonObject { ["credential_configuration_id"] = new string('a', 40_000) }) };
        huge.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        await AssertErrorAsync(await anonymous.SendAsync(huge), "invalid_credential_request");
        HttpRequestMessage deep = new(HttpMethod.Post, "/oid4vci/credential") { Content = Journey.Json(new string('[', 200) + new string(']', 200)) };
        deep.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        await AssertErrorAsync(await anonymous.SendAsync(deep), "invalid_credential_request");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["credential_configuration_id"] = "OpenBadgeCredential", ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(42) } }), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["credential_configuration_id"] = "OpenBadgeCredential", ["proofs"] = new JsonObject { ["ldp_vp"] = new JsonArray(new JsonObject()) } }), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["format"] = "jwt_vc_json", ["proof"] = new JsonObject { ["proof_type"] = "jwt", ["jwt"] = "x" } }), "unsupported_credential_format");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["format"] = "ldp_vc", ["proof"] = new JsonObject { ["proof_type"] = "cwt", ["cwt"] = "x" } }), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["credential_configuration_id"] = "OpenBadgeCredential", ["proof"] = new JsonObject(), ["proofs"] = new JsonObject() }), "invalid_credential_request");

        JsonObject unknownConfiguration = Request(wallet.Proof(await NonceAsync(anonymous), now));
        unknownConfiguration["credential_configuration_id"] = "UniversityDegree";
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, unknownConfiguration), "unknown_credential_configuration");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["credential_configuration_id"] = "OpenBadgeCredential" }), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, new JsonObject { ["proofs"] = new JsonObject { ["jwt"] = new JsonArray("x") } }), "invalid_credential_request");
        JsonObject two = Request(wallet.Proof(await NonceAsync(anonymous), now));
        two["proofs"]!["jwt"]!.AsArray().Add(wallet.Proof(await NonceAsync(anonymous), now));
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, two), "invalid_proof");
        JsonObject encrypted = Request(wallet.Proof(await NonceAsync(anonymous), now));
        encrypted["credential_response_encryption"] = new JsonObject { ["alg"] = "ECDH-ES" };
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, encrypted), "invalid_encryption_parameters");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(await NonceAsync(anonymous), now, audience: "https://elsewhere.example"))), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(await NonceAsync(anonymous), now, typ: "JWT"))), "invalid_proof");
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(await NonceAsync(anonymous), now.AddMinutes(-6)))), "invalid_proof");
        HttpResponseMessage invented = await CredentialAsync(anonymous, accessToken, Request(wallet.Proof("a-nonce-never-issued", now)));
        await AssertErrorAsync(invented, "invalid_nonce");
        // The refusal carries a fresh c_nonce (draft 13 §7.3.1.2), which a retry may sign.
        string offered = (await invented.ReadObjectAsync())["c_nonce"]!.GetValue<string>();

        // A nonce is used once; a fresh one works.
        string nonce = offered;
        Assert.Equal(HttpStatusCode.OK, (await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(nonce, now)))).StatusCode);
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(wallet.Proof(nonce, now))), "invalid_nonce");

        // Another wallet cannot take the badge once it is bound (credential_request_denied, §8.3.1.2).
        HttpResponseMessage other = await CredentialAsync(anonymous, accessToken, Request(Wallet.P256Jwk().Proof(await NonceAsync(anonymous), now)));
        await AssertErrorAsync(other, "credential_request_denied");

        // And the claim page's link makes no new offer for it.
        HttpResponseMessage page = await anonymous.PostAsync(new Uri(offer.Award["links"]!["claim"]!.GetValue<string>()).AbsolutePath + "/oid4vci", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("already claimed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nonces_expire_after_five_minutes()
    {
        using HttpClient anonymous = api.Anonymous();
        Offer offer = await OfferAsync(anonymous);
        string accessToken = await AccessTokenAsync(anonymous, offer);
        string nonce = await NonceAsync(anonymous);
        api.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await AssertErrorAsync(await CredentialAsync(anonymous, accessToken, Request(Wallet.Ed25519().Proof(nonce, api.Time.GetUtcNow()))), "invalid_nonce");
    }

    [Fact]
    public async Task Access_tokens_are_not_api_key_attempts()
    {
        using ApiFactory limited = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:RateLimiting:Enabled"] = "true", ["BadgeIssuer:RateLimiting:AuthFailuresPerMinute"] = "2" });
        using HttpClient anonymous = limited.Anonymous();
        for (int i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await CredentialAsync(anonymous, "not-a-token", new JsonObject())).StatusCode);
        using HttpClient admin = limited.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/clients")).StatusCode);
    }

    [Fact]
    public async Task One_address_gets_429_with_retry_after_past_its_oid4vci_requests_per_minute()
    {
        using ApiFactory limited = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:RateLimiting:Enabled"] = "true", ["BadgeIssuer:RateLimiting:Oid4VciPerMinute"] = "3" });
        using HttpClient anonymous = limited.Anonymous();
        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync("/oid4vci/nonce", null)).StatusCode);
        HttpResponseMessage refused = await anonymous.PostAsync("/oid4vci/token", Form(("grant_type", Grant)));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/.well-known/openid-credential-issuer")).StatusCode);
    }

    [Fact]
    public async Task The_claim_token_and_the_offer_id_reach_traces_only_as_route_templates()
    {
        using ApiFactory otlp = ApiFactory.With(new Dictionary<string, string> { [Observability.OtlpEndpointVariable] = "http://127.0.0.1:9" });
        using RequestSpans recorded = new();
        (_, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(otlp);
        client.Dispose();
        string claimPath = new Uri(award["links"]!["claim"]!.GetValue<string>()).AbsolutePath, token = claimPath[(claimPath.LastIndexOf('/') + 1)..];
        using HttpClient anonymous = otlp.Anonymous();
        string html = await (await anonymous.PostAsync(claimPath + "/oid4vci", new FormUrlEncodedContent([]))).Content.ReadAsStringAsync();
        string offerUrl = Uri.UnescapeDataString(WebUtility.HtmlDecode(OfferLink().Match(html).Groups[1].Value)["openid-credential-offer://?credential_offer_uri=".Length..]);
        string offerId = offerUrl[(offerUrl.LastIndexOf('/') + 1)..];
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(offerUrl)).StatusCode);

        Activity[] spans = await recorded.OfAsync("/claim/{token}/oid4vci", "/oid4vci/offers/{offerId}");
        // Other test classes may run at the same time: their spans of these routes are no less hidden.
        Assert.Contains(spans, span => span.GetTagItem("http.route") is "/claim/{token}/oid4vci");
        Assert.Contains(spans, span => span.GetTagItem("http.route") is "/oid4vci/offers/{offerId}");
        Assert.All(spans, span => Assert.Equal(span.GetTagItem("http.route"), span.GetTagItem("url.path")));
        Assert.False(recorded.Mention(token, offerId));
    }
}
