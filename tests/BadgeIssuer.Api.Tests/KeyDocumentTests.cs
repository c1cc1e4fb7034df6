using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>W3C Controlled Identifiers 1.0 §2.2: every key's verification method URL dereferences by a plain GET.</summary>
public sealed class KeyDocumentTests : IDisposable
{
    private readonly ApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private async Task<(string IssuerId, JsonObject Credential)> IssueAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        return (issuerId, award["credential"]!.AsObject());
    }

    private async Task<(HttpResponseMessage Response, JsonObject Document)> GetAsync(string url, string accept)
    {
        using HttpClient anonymous = _api.Anonymous();
        using HttpRequestMessage request = new(HttpMethod.Get, url);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        HttpResponseMessage response = await anonymous.SendAsync(request);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Theory]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("*/*", "application/ld+json")]
    public async Task The_proofs_verification_method_url_serves_a_multikey_document_controlled_by_the_issuer(string accept, string served)
    {
        (string issuerId, JsonObject credential) = await IssueAsync();
        string method = credential["proof"]![0]!["verificationMethod"]!.GetValue<string>();

        (HttpResponseMessage response, JsonObject document) = await GetAsync(method, accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://w3id.org/security/multikey/v1", document["@context"]!.GetValue<string>());
        Assert.Equal(method, document["id"]!.GetValue<string>());
        Assert.Equal("Multikey", document["type"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/issuers/{issuerId}", document["controller"]!.GetValue<string>());
        Assert.StartsWith("z6Mk", document["publicKeyMultibase"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(document["revoked"]);
    }

    [Fact]
    public async Task The_profile_still_lists_each_ed25519_key_under_the_fragment_id_older_credentials_name()
    {
        (string issuerId, JsonObject credential) = await IssueAsync();
        (_, JsonObject keyDocument) = await GetAsync(credential["proof"]![0]!["verificationMethod"]!.GetValue<string>(), "application/json");
        string fragmentId = $"{ApiFactory.BaseUrl}/issuers/{issuerId}#{keyDocument["publicKeyMultibase"]!.GetValue<string>()}";

        (_, JsonObject profile) = await GetAsync($"/issuers/{issuerId}", "application/ld+json");

        JsonObject legacy = Assert.Single(profile["verificationMethod"]!.AsArray().OfType<JsonObject>(), m => m["id"]!.GetValue<string>() == fragmentId);
        Assert.Equal(keyDocument["publicKeyMultibase"]!.GetValue<string>(), legacy["publicKeyMultibase"]!.GetValue<string>());
        Assert.Equal("Multikey", legacy["type"]!.GetValue<string>());
        Assert.Contains(profile["assertionMethod"]!.AsArray(), a => a!.GetValue<string>() == fragmentId);
    }

    [Fact]
    public async Task The_rsa_key_has_a_json_web_key_verification_method_listed_by_the_profile()
    {
        (string issuerId, _) = await IssueAsync();
        using HttpClient admin = _api.Admin();
        JsonObject rsa = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/issuers/{issuerId}/keys"))!.AsArray()
            .Single(k => k!["algorithm"]!.GetValue<string>() == "RS256")!.AsObject();
        string method = rsa["verificationMethod"]!.GetValue<string>();

        (_, JsonObject document) = await GetAsync(method, "application/ld+json");
        (_, JsonObject profile) = await GetAsync($"/issuers/{issuerId}", "application/ld+json");

        Assert.Equal("https://www.w3.org/ns/cid/v1", document["@context"]!.GetValue<string>());
        Assert.Equal("JsonWebKey", document["type"]!.GetValue<string>());
        Assert.Equal("RSA", document["publicKeyJwk"]!["kty"]!.GetValue<string>());
        Assert.Null(document["publicKeyJwk"]!["d"]);
        Assert.Contains(profile["verificationMethod"]!.AsArray(), m => m!["id"]!.GetValue<string>() == method);
        Assert.Contains(profile["assertionMethod"]!.AsArray(), m => m!.GetValue<string>() == method);
    }

    [Fact]
    public async Task An_unknown_key_or_a_key_of_another_issuer_is_a_404_problem()
    {
        (string issuerId, JsonObject credential) = await IssueAsync();
        (string otherIssuer, _) = await IssueAsync();
        string keyId = credential["proof"]![0]!["verificationMethod"]!.GetValue<string>().Split('/')[^1];
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage unknown = await anonymous.GetAsync($"/issuers/{issuerId}/keys/AAAAAAAAAAAAAAAAAAAA");
        HttpResponseMessage foreign = await anonymous.GetAsync($"/issuers/{otherIssuer}/keys/{keyId}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task A_routine_rotation_marks_the_old_keys_revoked_from_the_rotation_and_keeps_them_for_assertion()
    {
        (string issuerId, JsonObject credential) = await IssueAsync();
        string method = credential["proof"]![0]!["verificationMethod"]!.GetValue<string>();
        _api.Time.Advance(TimeSpan.FromMinutes(30));
        using HttpClient admin = _api.Admin();
        await admin.PostAsync($"/api/v1/issuers/{issuerId}/keys:rotate", null);

        (_, JsonObject document) = await GetAsync(method, "application/json");
        (_, JsonObject profile) = await GetAsync($"/issuers/{issuerId}", "application/json");

        Assert.Equal("2026-11-25T09:30:00Z", document["revoked"]!.GetValue<string>());
        Assert.Contains(profile["assertionMethod"]!.AsArray(), m => m!.GetValue<string>() == method);
        Assert.Equal("valid", (await VerifyAsync(credential))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_credential_whose_proof_names_the_key_as_a_profile_fragment_still_verifies()
    {
        (string issuerId, JsonObject credential) = await IssueAsync();
        IKeyStore keys = _api.Services.GetRequiredService<IKeyStore>();
        SigningKey ed = (await keys.ListByIssuerAsync(issuerId, default)).Single(k => k.PublicKeyMultibase is not null);
        byte[] seed = _api.Services.GetRequiredService<KeyEncryption>().Open(ed.PrivateKey, ed.Id);
        credential.Remove("proof");
        JsonObject older = new EddsaDataIntegrity().AddProof(credential, DataIntegritySuites.EddsaRdfc2022,
            $"{ApiFactory.BaseUrl}/issuers/{issuerId}#{ed.PublicKeyMultibase}", _api.Time.GetUtcNow(), seed, asArray: true);

        JsonObject report = await VerifyAsync(older);

        Assert.Equal("valid", report["status"]!.GetValue<string>());
    }

    private async Task<JsonObject> VerifyAsync(JsonObject credential)
    {
        using HttpClient anonymous = _api.Anonymous();
        return await (await anonymous.PostAsync("/api/v1/verify", new StringContent(credential.ToJsonString(), Encoding.UTF8, "application/vc+ld+json"))).ReadObjectAsync();
    }
}
