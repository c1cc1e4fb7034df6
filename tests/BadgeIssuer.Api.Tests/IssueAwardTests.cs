using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BadgeIssuer.Api.Tests;

public sealed class IssueAwardTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public IssueAwardTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task Issue_returns_201_with_a_signed_credential_when_the_criteria_are_met()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject award = await response.ReadObjectAsync();
        JsonObject credential = award["credential"]!.AsObject();
        string awardId = award["id"]!.GetValue<string>();
        Assert.Equal($"{ApiFactory.BaseUrl}/credentials/{awardId}", credential["id"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/issuers/{issuerId}", credential["issuer"]!["id"]!.GetValue<string>());
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("2026-11-25T09:00:00Z", credential["validFrom"]!.GetValue<string>());
        JsonObject identifier = credential["credentialSubject"]!["identifier"]![0]!.AsObject();
        Assert.True(identifier["hashed"]!.GetValue<bool>());
        Assert.StartsWith("sha256$", identifier["identityHash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("jordan.lee@district.example.org", credential.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal($"{ApiFactory.BaseUrl}/credentials/{awardId}.jwt", award["links"]!["jwt"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/credentials/{awardId}.json", award["links"]!["json"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/credentials/{awardId}.png", award["links"]!["png"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/credentials/{awardId}.svg", award["links"]!["svg"]!.GetValue<string>());
        Uri linkedIn = new(award["links"]!["linkedIn"]!.GetValue<string>());
        Assert.Equal("www.linkedin.com", linkedIn.Host);
        Assert.Contains("certId=" + Uri.EscapeDataString(credential["id"]!.GetValue<string>()), linkedIn.Query, StringComparison.Ordinal);
        Assert.Contains("name=" + Uri.EscapeDataString(credential["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>()), linkedIn.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_issued_jwt_verifies_with_an_independent_jose_library_from_the_jwks_alone()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        string jwt = await Journey.JwtAsync(_api, award);
        using HttpClient anonymous = _api.Anonymous();
        JsonWebKeySet jwks = new(await anonymous.GetStringAsync("/.well-known/jwks.json"));

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = $"{ApiFactory.BaseUrl}/issuers/{issuerId}",
            ValidateAudience = false,
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        JsonWebToken token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(award["credential"]!["id"]!.GetValue<string>(), token.Id);
        Assert.Equal(award["credential"]!["credentialSubject"]!["id"]!.GetValue<string>(), token.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), token.GetPayloadValue<long>("nbf"));
        Assert.StartsWith($"{ApiFactory.BaseUrl}/keys/", token.Kid, StringComparison.Ordinal);
        JsonObject payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        foreach ((string name, JsonNode? value) in award["credential"]!.AsObject())
            Assert.True(JsonNode.DeepEquals(value, payload[name]), $"the JWT payload's {name} differs from the credential's");
    }

    [Fact]
    public async Task Issue_returns_422_listing_every_unmet_rule_and_issues_nothing()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-unmet.json", achievementId)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject problem = await response.ReadObjectAsync();
        Assert.Equal($"{ApiFactory.BaseUrl}/problems/criteria-not-met", problem["type"]!.GetValue<string>());
        string[] codes = [.. problem["errors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>())];
        string[] pointers = [.. problem["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>())];
        Assert.Equal(["level-too-low", "result-missing", "too-little-evidence"], codes);
        Assert.Equal(["/criteriaRules/requiredResults/1", "/criteriaRules/requiredResults/2", "/criteriaRules/minimumEvidence"], pointers);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_award()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);

        async Task<HttpResponseMessage> PostAsync(JsonObject json)
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(json) };
            request.Headers.Add("Idempotency-Key", "cohort-7/jordan-lee");
            return await client.SendAsync(request);
        }

        HttpResponseMessage first = await PostAsync(body);
        HttpResponseMessage second = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        JsonObject a = await first.ReadObjectAsync();
        JsonObject b = await second.ReadObjectAsync();
        Assert.Equal(a["id"]!.GetValue<string>(), b["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(a["credential"], b["credential"]));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_issue_exactly_one_award()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string body = Journey.AwardBody("requests/award-met.json", achievementId).ToJsonString();

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(body) };
            request.Headers.Add("Idempotency-Key", "parallel-retry");
            return await client.SendAsync(request);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        HashSet<string> ids = [];
        foreach (HttpResponseMessage r in responses) ids.Add((await r.ReadObjectAsync())["id"]!.GetValue<string>());
        Assert.Single(ids);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_refused()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        using HttpRequestMessage first = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(body) };
        first.Headers.Add("Idempotency-Key", "k-1");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(first)).StatusCode);

        body["narrative"] = "A different request.";
        using HttpRequestMessage second = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(body) };
        second.Headers.Add("Idempotency-Key", "k-1");
        HttpResponseMessage response = await client.SendAsync(second);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.EndsWith("/problems/idempotency-key-reused", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_rejects_a_result_for_an_unknown_result_description_with_its_pointer()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        body["results"]![1]!["resultDescription"] = "no-such-result";

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        JsonObject problem = await response.ReadObjectAsync();
        Assert.Equal("/results/1/resultDescription", problem["errors"]![0]!["pointer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_sample_achievement_can_be_created_and_read_back()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient client = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, ApiFactory.IssuerScopes));
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "achievements"), "*.json"))
        {
            string id = await Journey.CreateAchievementAsync(client, issuerId, Path.Combine("achievements", Path.GetFileName(file)));
            JsonObject read = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/achievements/{id}")).ReadObjectAsync();
            Assert.Equal(Journey.SampleJson(Path.Combine("achievements", Path.GetFileName(file)))["name"]!.GetValue<string>(), read["name"]!.GetValue<string>());
        }
    }
}
