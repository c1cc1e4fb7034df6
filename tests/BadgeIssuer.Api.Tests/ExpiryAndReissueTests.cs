using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>Achievements with a validity period, and reissuing a corrected badge.</summary>
public sealed class ExpiryAndReissueTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public ExpiryAndReissueTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task An_achievement_valid_for_730_days_gives_credentials_that_expire_then()
    {
        using ApiFactory api = new();
        string issuerId = await Journey.CreateIssuerAsync(api);
        HttpClient client = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, ApiFactory.IssuerScopes));
        JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
        achievement["validForDays"] = 730;
        string achievementId = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement))).ReadObjectAsync())["id"]!.GetValue<string>();

        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();

        Assert.Equal("2028-11-24T09:00:00Z", award["credential"]!["validUntil"]!.GetValue<string>());
        api.Time.Advance(TimeSpan.FromDays(731));
        using HttpClient anonymous = api.Anonymous();
        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", new StringContent(await Journey.JwtAsync(api, award), System.Text.Encoding.UTF8, "text/plain"))).ReadObjectAsync();
        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "expired");
    }

    [Fact]
    public async Task A_validity_period_outside_1_to_36500_days_is_refused()
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
        achievement["validForDays"] = 0;

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("/validForDays", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reissue_issues_the_corrected_badge_and_revokes_the_old_one_as_superseded()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        JsonObject old = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        body["recipient"]!["name"] = "Jordan A. Lee";
        string path = $"/api/v1/issuers/{issuerId}/awards/{old["id"]}:reissue";

        HttpResponseMessage response = await client.PostAsync(path, Journey.Json(body));
        JsonObject replacement = await response.ReadObjectAsync();
        JsonObject retried = await (await client.PostAsync(path, Journey.Json(body))).ReadObjectAsync();
        JsonObject oldNow = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(old["id"]!.GetValue<string>(), replacement["supersedes"]!.GetValue<string>());
        Assert.Equal(replacement["id"]!.GetValue<string>(), retried["id"]!.GetValue<string>());
        Assert.Equal("superseded", oldNow["revoked"]!["reason"]!.GetValue<string>());
        Assert.Equal(replacement["id"]!.GetValue<string>(), oldNow["revoked"]!["supersededBy"]!.GetValue<string>());
        Assert.Contains(replacement["credential"]!["credentialSubject"]!["identifier"]!.AsArray(), i => i!["identityHash"]!.GetValue<string>() == "Jordan A. Lee");
        using HttpClient anonymous = _api.Anonymous();
        async Task<string> StatusAsync(JsonObject award) =>
            (await (await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["credential"] = award["credential"]!.DeepClone() }))).ReadObjectAsync())["status"]!.GetValue<string>();
        Assert.Equal("invalid", await StatusAsync(old));
        Assert.Equal("valid", await StatusAsync(replacement));
    }

    [Fact]
    public async Task A_badge_revoked_for_another_reason_is_not_reissued()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        JsonObject old = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}:revoke", Journey.Json("""{"reason": "Academic misconduct."}"""));

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}:reissue", Journey.Json(body));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
