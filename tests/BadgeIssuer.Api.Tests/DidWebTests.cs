using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Tests;

/// <summary>Optional did:web issuers (did:web 0.3): <c>BadgeIssuer:Issuers:DidWeb=true</c> with an https public base URL.</summary>
public sealed class DidWebTests : IDisposable
{
    private readonly ApiFactory _api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Issuers:DidWeb"] = "true" });

    public void Dispose() => _api.Dispose();

    private async Task<(string IssuerId, JsonObject Award)> IssueAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        return (issuerId, award);
    }

    [Fact]
    public async Task A_credential_of_a_did_web_issuer_names_the_did_and_verifies_valid_here()
    {
        (string issuerId, JsonObject award) = await IssueAsync();
        JsonObject credential = award["credential"]!.AsObject();
        string did = $"did:web:badges.test:issuers:{issuerId}";
        using HttpClient anonymous = _api.Anonymous();

        JsonObject report = await Journey.VerifyAsync(_api, award);
        JsonObject jwtReport = await (await anonymous.PostAsync("/api/v1/verify", new StringContent(await Journey.JwtAsync(_api, award), Encoding.UTF8, "text/plain"))).ReadObjectAsync();

        Assert.Equal(did, credential["issuer"]!["id"]!.GetValue<string>());
        Assert.StartsWith($"{did}#", credential["proof"]![0]!["verificationMethod"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["check"]!.GetValue<string>() == "key-provenance" && c["status"]!.GetValue<string>() == "passed");
        Assert.Contains(report["checks"]!.AsArray(), c => c!["check"]!.GetValue<string>() == "status" && c["status"]!.GetValue<string>() == "passed");
        Assert.Equal("valid", jwtReport["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_did_document_is_served_where_did_web_resolves_the_issuers_did_with_its_keys()
    {
        (string issuerId, JsonObject award) = await IssueAsync();
        string method = award["credential"]!["proof"]![0]!["verificationMethod"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        JsonObject document = JsonNode.Parse(await anonymous.GetStringAsync($"/issuers/{issuerId}/did.json"))!.AsObject();

        Assert.Equal(new Uri($"{ApiFactory.BaseUrl}/issuers/{issuerId}/did.json"), RemoteDocuments.DidWebUrl(document["id"]!.GetValue<string>()));
        Assert.Equal("https://www.w3.org/ns/did/v1", document["@context"]![0]!.GetValue<string>());
        Assert.Equal($"did:web:badges.test:issuers:{issuerId}", document["id"]!.GetValue<string>());
        JsonObject listed = document["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == method)!.AsObject();
        Assert.Equal("Multikey", listed["type"]!.GetValue<string>());
        Assert.Equal(document["id"]!.GetValue<string>(), listed["controller"]!.GetValue<string>());
        Assert.Equal(2, document["verificationMethod"]!.AsArray().Count);
        Assert.Contains(document["assertionMethod"]!.AsArray(), m => m!.GetValue<string>() == method);
    }

    [Fact]
    public async Task Without_did_web_there_is_no_did_document()
    {
        using ApiFactory plain = new();
        (string issuerId, _, _) = await Journey.ReadyIssuerAsync(plain);
        using HttpClient anonymous = plain.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync($"/issuers/{issuerId}/did.json");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Did_web_with_an_http_public_base_url_refuses_to_start_with_one_clear_line()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:Issuers:DidWeb"] = "true",
            ["BadgeIssuer:PublicBaseUrl"] = "http://badges.test",
        });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("BadgeIssuer:Issuers:DidWeb needs an https BadgeIssuer:PublicBaseUrl", refused.Message, StringComparison.Ordinal);
    }
}
