using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests;

public sealed class AuthTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public AuthTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task Issuing_without_an_api_key_is_401_with_a_bearer_challenge()
    {
        (string issuerId, string achievementId, _) = await Journey.ReadyIssuerAsync(_api);
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/problems/unauthenticated", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_key_is_401()
    {
        using HttpClient client = _api.ClientWith("bi_not-a-real-key");

        HttpResponseMessage response = await client.PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.EndsWith("/problems/unauthenticated", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_the_issuing_scope_is_403()
    {
        (string issuerId, string achievementId, _) = await Journey.ReadyIssuerAsync(_api);
        using HttpClient readOnly = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.AwardsRead));

        HttpResponseMessage response = await readOnly.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.EndsWith("/problems/forbidden", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_of_one_issuer_gets_404_for_everything_of_another_issuer()
    {
        (string issuerA, string achievementA, _) = await Journey.ReadyIssuerAsync(_api);
        (string issuerB, _, HttpClient clientB) = await Journey.ReadyIssuerAsync(_api);
        Assert.NotEqual(issuerA, issuerB);

        HttpResponseMessage issue = await clientB.PostAsync($"/api/v1/issuers/{issuerA}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementA)));
        HttpResponseMessage readIssuer = await clientB.GetAsync($"/api/v1/issuers/{issuerA}");
        HttpResponseMessage readAchievement = await clientB.GetAsync($"/api/v1/issuers/{issuerA}/achievements/{achievementA}");
        HttpResponseMessage createAchievement = await clientB.PostAsync($"/api/v1/issuers/{issuerA}/achievements", Journey.Json(Journey.Sample("requests/achievement.json")));
        HttpResponseMessage issueOwnWithOthersAchievement = await clientB.PostAsync($"/api/v1/issuers/{issuerB}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementA)));

        Assert.Equal(HttpStatusCode.NotFound, issue.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readIssuer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readAchievement.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, createAchievement.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, issueOwnWithOthersAchievement.StatusCode);
        Assert.Equal("/achievementId", (await issueOwnWithOthersAchievement.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_administrators_create_issuers_and_clients()
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage createIssuer = await client.PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")));
        HttpResponseMessage createClient = await client.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes = new[] { Scopes.AwardsIssue } });

        Assert.Equal(HttpStatusCode.Forbidden, createIssuer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, createClient.StatusCode);
    }

    [Fact]
    public async Task An_issuer_bound_client_cannot_be_given_the_admin_scope()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient admin = _api.Admin();

        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes = new[] { Scopes.IssuersAdmin } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/scopes/0", (await response.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_key_is_returned_once_and_only_its_hash_is_stored()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        string apiKey = await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.AwardsRead);

        Assert.StartsWith(ApiKeys.Prefix, apiKey, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        byte[] database = await ReadAllFilesAsync(_api.DataDirectory);
        Assert.Equal(-1, IndexOf(database, System.Text.Encoding.UTF8.GetBytes(apiKey)));
        Assert.NotEqual(-1, IndexOf(database, System.Text.Encoding.UTF8.GetBytes(ApiKeys.Hash(apiKey))));
    }

    [Fact]
    public async Task Private_keys_never_appear_in_responses_or_in_the_store_unencrypted()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        using HttpClient anonymous = _api.Anonymous();
        string jwks = await anonymous.GetStringAsync("/.well-known/jwks.json");

        foreach (string privateMember in new[] { "\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"" })
        {
            Assert.DoesNotContain(privateMember, jwks, StringComparison.Ordinal);
            Assert.DoesNotContain(privateMember, award.ToJsonString(), StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        byte[] database = await ReadAllFilesAsync(_api.DataDirectory);
        Assert.Equal(-1, IndexOf(database, "PRIVATE KEY"u8.ToArray()));
        // PKCS#8 PrivateKeyInfo: version 0 followed by the rsaEncryption AlgorithmIdentifier
        Assert.Equal(-1, IndexOf(database, [0x02, 0x01, 0x00, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]));
    }

    private static async Task<byte[]> ReadAllFilesAsync(string directory)
    {
        using MemoryStream all = new();
        foreach (string file in Directory.GetFiles(directory))
        {
            await using FileStream stream = new(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await stream.CopyToAsync(all);
        }
        return all.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
