using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

public sealed class PublicDocumentTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public PublicDocumentTests(ApiFactory api) => _api = api;

    private async Task<JsonObject> IssueAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
        return await response.ReadObjectAsync();
    }

    [Fact]
    public async Task The_credential_is_served_publicly_as_json_and_as_jwt()
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();
        string id = award["id"]!.GetValue<string>();

        HttpResponseMessage json = await anonymous.GetAsync($"/credentials/{id}");
        HttpResponseMessage dotJson = await anonymous.GetAsync($"/credentials/{id}.json");
        HttpResponseMessage jwt = await anonymous.GetAsync($"/credentials/{id}.jwt");

        Assert.Equal("application/vc+ld+json", json.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.DeepEquals(award["credential"], JsonNode.Parse(await json.Content.ReadAsStringAsync())));
        Assert.True(JsonNode.DeepEquals(award["credential"], JsonNode.Parse(await dotJson.Content.ReadAsStringAsync())));
        Assert.Equal("text/plain", jwt.Content.Headers.ContentType?.MediaType);
        string token = await jwt.Content.ReadAsStringAsync();
        Assert.Equal(token, await anonymous.GetStringAsync($"/credentials/{id}.jwt"));
        JsonObject payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(token.Split('.')[1]))!.AsObject();
        Assert.Equal(award["credential"]!["id"]!.GetValue<string>(), payload["jti"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(award["credential"]!["proof"], payload["proof"]));
    }

    [Fact]
    public async Task The_credential_negotiates_plain_json_and_jwt_by_accept_header()
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();
        string id = award["id"]!.GetValue<string>();

        using HttpRequestMessage asJson = new(HttpMethod.Get, $"/credentials/{id}");
        asJson.Headers.Accept.ParseAdd("application/json");
        using HttpRequestMessage asJwt = new(HttpMethod.Get, $"/credentials/{id}");
        asJwt.Headers.Accept.ParseAdd("application/vc+jwt");

        Assert.Equal("application/json", (await anonymous.SendAsync(asJson)).Content.Headers.ContentType?.MediaType);
        Assert.Equal(await Journey.JwtAsync(_api, award), await (await anonymous.SendAsync(asJwt)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_issuer_profile_is_public_and_its_id_is_its_url()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient anonymous = _api.Anonymous();

        JsonObject profile = JsonNode.Parse(await anonymous.GetStringAsync($"/issuers/{issuerId}"))!.AsObject();

        Assert.Equal($"{ApiFactory.BaseUrl}/issuers/{issuerId}", profile["id"]!.GetValue<string>());
        Assert.Equal("Profile", profile["type"]![0]!.GetValue<string>());
        Assert.Equal("Riverside Center for Teacher Learning", profile["name"]!.GetValue<string>());
        Assert.Equal("https://www.w3.org/ns/credentials/v2", profile["@context"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_jwt_kid_dereferences_to_a_public_jwk_listed_in_the_jwks()
    {
        JsonObject award = await IssueAsync();
        string header = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes((await Journey.JwtAsync(_api, award)).Split('.')[0]));
        string kid = JsonNode.Parse(header)!["kid"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        JsonObject jwk = JsonNode.Parse(await anonymous.GetStringAsync(new Uri(kid).PathAndQuery))!.AsObject();
        JsonArray keys = JsonNode.Parse(await anonymous.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray();

        Assert.Equal(kid, jwk["kid"]!.GetValue<string>());
        Assert.Equal("RSA", jwk["kty"]!.GetValue<string>());
        Assert.Contains(keys, k => JsonNode.DeepEquals(k, jwk));
        Assert.Contains(keys, k => k!["kty"]!.GetValue<string>() == "OKP" && k["crv"]!.GetValue<string>() == "Ed25519");
    }

    [Fact]
    public async Task Health_reports_the_store()
    {
        using HttpClient anonymous = _api.Anonymous();
        JsonObject health = JsonNode.Parse(await anonymous.GetStringAsync("/health"))!.AsObject();
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("sqlite", health["store"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issued_credentials_survive_a_restart_of_the_service()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            string jwt;
            using (ApiFactory first = new(directory))
            {
                (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(first);
                JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
                id = award["id"]!.GetValue<string>();
                jwt = await Journey.JwtAsync(first, award);
            }
            using ApiFactory second = new(directory);
            using HttpClient anonymous = second.Anonymous();

            Assert.Equal(jwt, await anonymous.GetStringAsync($"/credentials/{id}.jwt"));
            HttpResponseMessage verify = await anonymous.PostAsync("/api/v1/verify", new StringContent(jwt, System.Text.Encoding.UTF8, "text/plain"));
            Assert.Equal("valid", (await verify.ReadObjectAsync())["status"]!.GetValue<string>());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Swagger_describes_every_route_with_a_summary_and_the_samples_as_examples()
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage ui = await anonymous.GetAsync("/swagger/index.html");
        JsonObject document = JsonNode.Parse(await anonymous.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        List<JsonObject> operations = [.. document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject()))];
        Assert.True(operations.Count >= 15, $"only {operations.Count} operations documented");
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o["summary"]?.GetValue<string>())));
        JsonObject issue = operations.Single(o => o["operationId"]?.GetValue<string>() == "IssueAward");
        Assert.NotNull(issue["requestBody"]!["content"]!["application/json"]!["example"]!["recipient"]);
    }
}
