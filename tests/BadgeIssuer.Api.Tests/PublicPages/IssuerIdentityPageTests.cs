using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>Pages never show an issuer's name as fact unless someone vouches for it.</summary>
public sealed class IssuerIdentityPageTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public IssuerIdentityPageTests(ApiFactory api) => _api = api;

    /// <summary>A credential that a fresh did:key signs about itself, calling itself Harvard University.</summary>
    internal static (JsonObject Credential, string Did) SelfIssuedHarvardBadge()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string did = "did:key:" + Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        Assert.True(DidKey.TryParse(did, out DidKey? parsed));
        JsonObject credential = JsonNode.Parse("""
            { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
              "id": "urn:uuid:5b0f8f0e-8a43-4d5e-9f43-1f2b6f0e7a11",
              "type": ["VerifiableCredential", "OpenBadgeCredential"],
              "issuer": {"id": "placeholder", "type": ["Profile"], "name": "Harvard University"},
              "validFrom": "2026-11-01T00:00:00Z", "name": "Doctor of Law",
              "credentialSubject": {"id": "did:example:someone", "type": ["AchievementSubject"],
                "achievement": {"id": "urn:uuid:0c9d1a55-7c1e-4a55-8d0e-2f77b1a3c9e2", "type": ["Achievement"],
                  "criteria": {"narrative": "Claimed."}, "description": "A degree.", "name": "Doctor of Law"}}}
            """)!.AsObject();
        credential["issuer"]!["id"] = did;
        JsonObject signed = new EddsaDataIntegrity().AddProof(credential, DataIntegritySuites.EddsaRdfc2022, parsed!.VerificationMethodId,
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), key.PrivateKey, asArray: true);
        return (signed, did);
    }

    [Fact]
    public async Task The_verify_page_does_not_present_a_self_issued_did_key_issuers_claimed_name_as_fact()
    {
        (JsonObject credential, string did) = SelfIssuedHarvardBadge();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync("/verify", new FormUrlEncodedContent([new("credential", credential.ToJsonString())]));
        string page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>Valid</strong>", page, StringComparison.Ordinal);
        Assert.Contains($"<dt>Issuer</dt><dd>{did} (calls itself “Harvard University” — not verified)</dd>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>Harvard University</dd>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("the issuer is who it says", page, StringComparison.Ordinal);
        Assert.Contains("nobody vouches for who the issuer is", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Who vouches for the issuer</strong>", page, StringComparison.Ordinal);
        Assert.Contains("“Harvard University” is only claimed", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verify_api_says_a_self_issued_did_key_issuers_identity_is_claimed()
    {
        (JsonObject credential, _) = SelfIssuedHarvardBadge();
        using HttpClient anonymous = _api.Anonymous();

        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", Journey.Json(credential))).ReadObjectAsync();

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("claimed", report["credential"]!["issuerIdentity"]!.GetValue<string>());
        JsonNode identity = report["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "issuer-identity")!;
        Assert.Equal("passed", identity["status"]!.GetValue<string>());
        Assert.Equal("issuer-identity-unproven", identity["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Our_own_issuers_are_named_as_proven_on_the_badge_page_and_in_the_report()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        using HttpClient anonymous = _api.Anonymous();

        JsonObject report = await Journey.VerifyAsync(_api, award);
        using HttpRequestMessage request = new(HttpMethod.Get, award["links"]!["credential"]!.GetValue<string>());
        request.Headers.Accept.ParseAdd("text/html");
        string page = WebUtility.HtmlDecode(await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Equal("proven", report["credential"]!["issuerIdentity"]!.GetValue<string>());
        JsonNode identity = report["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "issuer-identity")!;
        Assert.Equal("issuer-identity-proven", identity["code"]!.GetValue<string>());
        Assert.StartsWith("This service vouches for the issuer “Riverside Center for Teacher Learning”", identity["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(">Riverside Center for Teacher Learning</a></dd>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not verified", page, StringComparison.Ordinal);
        Assert.Contains("the issuer is who it says", page, StringComparison.Ordinal);
    }
}
