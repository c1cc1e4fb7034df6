using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// OB 3.0 endorsements made here: a state agency (an issuer of this service) endorses another issuer's achievement or
/// profile with a signed EndorsementCredential, which the endorsed document and the badges issued after it carry, and
/// our verifier checks (§9.2).
/// </summary>
public sealed class EndorsementTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(string AgencyId, HttpClient Agency)> AgencyAsync()
    {
        string agencyId = await Journey.CreateIssuerAsync(api);
        return (agencyId, api.ClientWith(await Journey.CreateClientKeyAsync(api, agencyId, Scopes.EndorsementsIssue)));
    }

    private static Task<HttpResponseMessage> EndorseAsync(HttpClient agency, string agencyId, JsonObject body) =>
        agency.PostAsync($"/api/v1/issuers/{agencyId}/endorsements", Journey.Json(body));

    private static JsonObject Endorsements(JsonObject document) => new() { ["list"] = document["endorsement"]?.DeepClone() };

    [Fact]
    public async Task An_endorsed_achievement_lists_the_signed_endorsement_and_badges_issued_after_it_carry_and_verify_it()
    {
        (string issuerId, HttpClient client, JsonObject before) = await Journey.IssueSampleAsync(api);
        string achievementId = before["achievementId"]!.GetValue<string>();
        (string agencyId, HttpClient agency) = await AgencyAsync();

        HttpResponseMessage response = await EndorseAsync(agency, agencyId, new JsonObject { ["achievementId"] = achievementId, ["comment"] = "Meets the **state** standard for assessment literacy." });
        JsonObject endorsement = await response.ReadObjectAsync();
        JsonObject credential = endorsement["credential"]!.AsObject();
        using HttpClient anonymous = api.Anonymous();
        JsonObject published = await (await anonymous.GetAsync($"/issuers/{issuerId}/achievements/{achievementId}")).ReadObjectAsync();
        JsonObject after = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        JsonObject report = await Journey.VerifyAsync(api, after);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["VerifiableCredential", "EndorsementCredential"], credential["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(published["id"]!.GetValue<string>(), credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Equal("Meets the **state** standard for assessment literacy.", credential["credentialSubject"]!["endorsementComment"]!.GetValue<string>());
        Assert.Equal("eddsa-rdfc-2022", credential["proof"]![0]!["cryptosuite"]!.GetValue<string>());
        Assert.Equal(credential["id"]!.GetValue<string>(), published["endorsement"]![0]!["id"]!.GetValue<string>());
        Assert.Null(before["credential"]!["credentialSubject"]!["achievement"]!["endorsement"]);
        Assert.True(JsonNode.DeepEquals(credential, after["credential"]!["credentialSubject"]!["achievement"]!["endorsement"]![0]));
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("endorsements-valid", report["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "endorsements")!["code"]!.GetValue<string>());
        Assert.Equal("valid", report["endorsements"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_endorsed_profile_carries_it_into_the_issuers_next_badges_and_endorsing_again_replaces_it()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        (string agencyId, HttpClient agency) = await AgencyAsync();

        await EndorseAsync(agency, agencyId, new JsonObject { ["issuerId"] = issuerId, ["comment"] = "An approved provider." });
        JsonObject second = await (await EndorseAsync(agency, agencyId, new JsonObject { ["issuerId"] = issuerId, ["comment"] = "An approved provider, renewed for 2027." })).ReadObjectAsync();
        using HttpClient anonymous = api.Anonymous();
        JsonObject profile = await (await anonymous.GetAsync($"/issuers/{issuerId}")).ReadObjectAsync();
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();

        Assert.Single(profile["endorsement"]!.AsArray());
        Assert.Equal(second["id"]!.GetValue<string>(), profile["endorsement"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(second["id"]!.GetValue<string>(), award["credential"]!["issuer"]!["endorsement"]![0]!["id"]!.GetValue<string>());
        Assert.Null(second["credential"]!["issuer"]!["endorsement"]);
        Assert.Equal("valid", (await Journey.VerifyAsync(api, award))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replacing_an_achievement_keeps_its_endorsements()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        (string agencyId, HttpClient agency) = await AgencyAsync();
        await EndorseAsync(agency, agencyId, new JsonObject { ["achievementId"] = achievementId, ["comment"] = "Endorsed." });

        JsonObject edited = Journey.SampleJson("achievements/performance-assessment-design.json");
        edited["name"] = "Basic Performance Assessment Design (2027)";
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/v1/issuers/{issuerId}/achievements/{achievementId}", Journey.Json(edited))).StatusCode);
        using HttpClient anonymous = api.Anonymous();
        JsonObject published = await (await anonymous.GetAsync($"/issuers/{issuerId}/achievements/{achievementId}")).ReadObjectAsync();

        Assert.Equal("Basic Performance Assessment Design (2027)", published["name"]!.GetValue<string>());
        Assert.Single(published["endorsement"]!.AsArray());
    }

    [Theory]
    [InlineData("own", "/achievementId")]
    [InlineData("unknown", "/achievementId")]
    [InlineData("both", "/achievementId")]
    [InlineData("no-comment", "/comment")]
    [InlineData("own-profile", "/issuerId")]
    public async Task Bad_endorsements_are_refused_naming_the_field(string kind, string pointer)
    {
        (string agencyId, HttpClient agency) = await AgencyAsync();
        string ownAchievement = await Journey.CreateAchievementAsync(api.Admin(), agencyId);
        (string otherIssuer, string otherAchievement, _) = await Journey.ReadyIssuerAsync(api);
        JsonObject body = kind switch
        {
            "own" => new() { ["achievementId"] = ownAchievement, ["comment"] = "c" },
            "unknown" => new() { ["achievementId"] = "aaaaaaaaaaaaaaaaaaaa", ["comment"] = "c" },
            "both" => new() { ["achievementId"] = otherAchievement, ["issuerId"] = otherIssuer, ["comment"] = "c" },
            "no-comment" => new() { ["achievementId"] = otherAchievement },
            _ => new() { ["issuerId"] = agencyId, ["comment"] = "c" },
        };

        HttpResponseMessage response = await EndorseAsync(agency, agencyId, body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(pointer, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endorsing_needs_the_endorsements_scope()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        (string otherIssuer, _, _) = await Journey.ReadyIssuerAsync(api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/endorsements", Journey.Json(new JsonObject { ["issuerId"] = otherIssuer, ["comment"] = "c" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(achievementId, otherIssuer);
    }
}
