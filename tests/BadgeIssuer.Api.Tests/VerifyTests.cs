using System.Text;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

public sealed class VerifyTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public VerifyTests(ApiFactory api) => _api = api;

    private async Task<string> IssueJwtAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
        return await Journey.JwtAsync(_api, await response.ReadObjectAsync());
    }

    private async Task<JsonObject> VerifyAsync(string jwt, string mediaType = "text/plain")
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", new StringContent(jwt, Encoding.UTF8, mediaType));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static string Check(JsonObject report, string check) =>
        report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() == check)!["status"]!.GetValue<string>();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/jwt")]
    public async Task Our_own_credential_verifies_as_valid(string mediaType)
    {
        JsonObject report = await VerifyAsync(await IssueJwtAsync(), mediaType);

        Assert.True(report["verified"]!.GetValue<bool>());
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("passed", Check(report, "signature"));
        Assert.Equal("passed", Check(report, "key-provenance"));
        Assert.Equal("Basic Performance Assessment Design", report["credential"]!["achievementName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tampered_payload_fails_the_signature_check()
    {
        string[] parts = (await IssueJwtAsync()).Split('.');
        JsonObject payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";
        string tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";

        JsonObject report = await VerifyAsync(tampered);

        Assert.False(report["verified"]!.GetValue<bool>());
        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("failed", Check(report, "signature"));
    }

    [Fact]
    public async Task Garbage_gets_a_report_with_a_failed_format_check_not_an_error()
    {
        JsonObject report = await VerifyAsync("this.is.not-a-jwt");

        Assert.False(report["verified"]!.GetValue<bool>());
        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("failed", Check(report, "format"));
    }

    [Fact]
    public async Task An_expired_credential_is_invalid_once_its_validity_has_passed()
    {
        using ApiFactory api = new();
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        body["validUntil"] = "2027-01-01T00:00:00Z";
        string jwt = await Journey.JwtAsync(api, await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync());
        using HttpClient anonymous = api.Anonymous();
        async Task<JsonObject> VerifyHereAsync() =>
            await (await anonymous.PostAsync("/api/v1/verify", new StringContent(jwt, Encoding.UTF8, "text/plain"))).ReadObjectAsync();
        Assert.Equal("valid", (await VerifyHereAsync())["status"]!.GetValue<string>());

        api.Time.Advance(TimeSpan.FromDays(60));
        JsonObject report = await VerifyHereAsync();

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("failed", Check(report, "dates"));
    }

    [Theory]
    [InlineData("application/vc+ld+json")]
    [InlineData("application/ld+json")]
    [InlineData("application/json")]
    public async Task Our_own_credential_with_its_embedded_proof_verifies_as_valid(string mediaType)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        JsonObject credential = award["credential"]!.AsObject();
        Assert.Equal("eddsa-rdfc-2022", credential["proof"]![0]!["cryptosuite"]!.GetValue<string>());
        Assert.StartsWith($"{ApiFactory.BaseUrl}/issuers/{issuerId}/keys/", credential["proof"]![0]!["verificationMethod"]!.GetValue<string>(), StringComparison.Ordinal);

        JsonObject report = await VerifyAsync(credential.ToJsonString(), mediaType);

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("passed", Check(report, "proof"));
        Assert.Equal("passed", Check(report, "key-provenance"));
    }

    [Fact]
    public async Task A_tampered_json_credential_fails_its_proof()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject credential = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync())["credential"]!.AsObject();
        credential["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";

        JsonObject report = await VerifyAsync(credential.ToJsonString(), "application/vc+ld+json");

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("failed", Check(report, "proof"));
    }

    [Fact]
    public async Task The_issuer_profile_is_a_controller_document_listing_the_proof_key()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject credential = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync())["credential"]!.AsObject();
        string method = credential["proof"]![0]!["verificationMethod"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        JsonObject profile = JsonNode.Parse(await anonymous.GetStringAsync($"/issuers/{issuerId}"))!.AsObject();

        JsonObject vm = profile["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == method)!.AsObject();
        Assert.Equal("Multikey", vm["type"]!.GetValue<string>());
        Assert.Equal(profile["id"]!.GetValue<string>(), vm["controller"]!.GetValue<string>());
        Assert.StartsWith($"{profile["id"]}/keys/", method, StringComparison.Ordinal);
        Assert.Contains(profile["assertionMethod"]!.AsArray(), a => a!.GetValue<string>() == method);
        Assert.Contains(profile["@context"]!.AsArray(), c => c!.GetValue<string>() == "https://www.w3.org/ns/cid/v1");
    }
}
