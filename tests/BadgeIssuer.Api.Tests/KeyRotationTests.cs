using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

public sealed class KeyRotationTests
{
    /// <summary>Issues an award and asks for its VC-JWT at once, so both are signed with the keys current at issue.</summary>
    private static async Task<JsonObject> IssueAsync(ApiFactory api, HttpClient client, string issuerId, string achievementId)
    {
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        award["jwt"] = await Journey.JwtAsync(api, award);
        return award;
    }

    private static async Task<(string Json, string Jwt)> VerifyBothAsync(ApiFactory api, JsonObject award)
    {
        using HttpClient anonymous = api.Anonymous();
        JsonObject json = await (await anonymous.PostAsync("/api/v1/verify", new StringContent(award["credential"]!.ToJsonString(), Encoding.UTF8, "application/vc+ld+json"))).ReadObjectAsync();
        JsonObject jwt = await (await anonymous.PostAsync("/api/v1/verify", new StringContent(award["jwt"]!.GetValue<string>(), Encoding.UTF8, "text/plain"))).ReadObjectAsync();
        return (json["status"]!.GetValue<string>(), jwt["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_rotation_old_and_new_credentials_both_verify_and_new_ones_use_the_new_keys()
    {
        using ApiFactory api = new();
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject before = await IssueAsync(api, client, issuerId, achievementId);
        using HttpClient admin = api.Admin();

        HttpResponseMessage rotated = await admin.PostAsync($"/api/v1/issuers/{issuerId}/keys:rotate", null);
        api.Time.Advance(TimeSpan.FromMinutes(5));
        JsonObject after = await IssueAsync(api, client, issuerId, achievementId);

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        JsonArray keys = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(2, keys.Count(k => k!["status"]!.GetValue<string>() == "active"));
        Assert.Equal(2, keys.Count(k => k!["status"]!.GetValue<string>() == "retired"));
        Assert.NotEqual(before["credential"]!["proof"]![0]!["verificationMethod"]!.GetValue<string>(), after["credential"]!["proof"]![0]!["verificationMethod"]!.GetValue<string>());
        Assert.Equal(("valid", "valid"), await VerifyBothAsync(api, before));
        Assert.Equal(("valid", "valid"), await VerifyBothAsync(api, after));
        using HttpClient anonymous = api.Anonymous();
        HashSet<string> published = [.. JsonNode.Parse(await anonymous.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>())];
        JsonArray mine = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/issuers/{issuerId}/keys"))!.AsArray();
        Assert.Equal(4, mine.Count);
        Assert.All(mine, k => Assert.Contains(k!["kid"]!.GetValue<string>(), published));
    }

    [Fact]
    public async Task A_compromised_key_fails_what_it_signed_after_the_compromise_and_keeps_what_it_signed_before()
    {
        using ApiFactory api = new();
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject early = await IssueAsync(api, client, issuerId, achievementId);
        api.Time.Advance(TimeSpan.FromHours(2));
        JsonObject late = await IssueAsync(api, client, issuerId, achievementId);
        using HttpClient admin = api.Admin();

        HttpResponseMessage response = await admin.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/keys:rotate",
            new { compromisedAt = api.Time.GetUtcNow().AddHours(-1) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("valid", "valid"), await VerifyBothAsync(api, early));
        Assert.Equal(("invalid", "invalid"), await VerifyBothAsync(api, late));
        using HttpClient anonymous = api.Anonymous();
        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", new StringContent(late["credential"]!.ToJsonString(), Encoding.UTF8, "application/json"))).ReadObjectAsync();
        Assert.Contains(report["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "key-revoked");
        JsonObject profile = JsonNode.Parse(await anonymous.GetStringAsync($"/issuers/{issuerId}"))!.AsObject();
        string oldMethod = late["credential"]!["proof"]![0]!["verificationMethod"]!.GetValue<string>();
        Assert.DoesNotContain(profile["assertionMethod"]!.AsArray(), m => m!.GetValue<string>() == oldMethod);
        JsonObject listed = profile["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == oldMethod)!.AsObject();
        Assert.Equal("2026-11-25T10:00:00Z", listed["revoked"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotation_needs_the_admin_scope_and_a_past_compromise_time()
    {
        using ApiFactory api = new();
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        using HttpClient admin = api.Admin();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/issuers/{issuerId}/keys:rotate", null)).StatusCode);
        HttpResponseMessage future = await admin.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/keys:rotate", new { compromisedAt = api.Time.GetUtcNow().AddDays(1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal("/compromisedAt", (await future.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/issuers/nosuchissuer0000000/keys:rotate", null)).StatusCode);
    }
}
