using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Four micro-credentials worth 6 credits stack into a certificate, issued automatically, once, by the outbox worker
/// after the award that completes the pathway (the tests wait for it).
/// </summary>
public sealed class StackingTests : IClassFixture<ApiFactory>
{
    private const string Teacher = Pathway.Teacher;
    private readonly ApiFactory _api;

    public StackingTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task The_fourth_micro_credential_issues_the_certificate_once_with_the_four_as_evidence()
    {
        Pathway pathway = await Pathway.CreateAsync(_api);
        (string issuerId, HttpClient client, string[] micros, string certificate) = pathway;
        List<string> microCredentials = [];
        for (int i = 0; i < 3; i++)
            microCredentials.Add((await (await pathway.AwardAsync(micros[i])).ReadObjectAsync())["credentialId"]!.GetValue<string>());

        await _api.SideEffectsDoneAsync();
        JsonObject progress = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/recipients/{Uri.EscapeDataString(Teacher)}/progress")).ReadObjectAsync();
        JsonObject standing = progress["pathways"]!.AsArray().Single()!.AsObject();
        Assert.False(standing["earned"]!.GetValue<bool>());
        Assert.Equal(3, standing["completed"]!.AsArray().Count);
        Assert.Equal(micros[3], standing["missing"]![0]!["achievementId"]!.GetValue<string>());
        Assert.Equal("Data-driven instruction", standing["missing"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(4.5, standing["credits"]!.GetValue<double>());
        Assert.Empty(await pathway.AwardsOfAsync(certificate));

        microCredentials.Add((await (await pathway.AwardAsync(micros[3])).ReadObjectAsync())["credentialId"]!.GetValue<string>());
        await _api.SideEffectsDoneAsync();
        await pathway.AwardAsync(micros[0]);
        await _api.SideEffectsDoneAsync();

        JsonObject stacked = Assert.Single(await pathway.AwardsOfAsync(certificate))!.AsObject();
        Assert.Equal(microCredentials.Order(StringComparer.Ordinal),
            stacked["credential"]!["evidence"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonObject after = (await (await client.GetAsync($"/api/v1/issuers/{issuerId}/recipients/{Uri.EscapeDataString(Teacher)}/progress")).ReadObjectAsync())["pathways"]![0]!.AsObject();
        Assert.True(after["earned"]!.GetValue<bool>());
        Assert.Equal(stacked["id"]!.GetValue<string>(), after["awardId"]!.GetValue<string>());
        using HttpClient anonymous = _api.Anonymous();
        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["credential"] = stacked["credential"]!.DeepClone() }))).ReadObjectAsync();
        Assert.Equal("valid", report["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("suspend")]
    public async Task A_revoked_or_suspended_micro_credential_does_not_count_toward_the_pathway(string action)
    {
        Pathway pathway = await Pathway.CreateAsync(_api);
        (string issuerId, HttpClient client, string[] micros, string certificate) = pathway;
        JsonObject first = await (await pathway.AwardAsync(micros[0])).ReadObjectAsync();
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{first["id"]}:{action}", Journey.Json("""{"reason": "Issued in error."}"""));
        for (int i = 1; i < 4; i++) await pathway.AwardAsync(micros[i]);
        await _api.SideEffectsDoneAsync();

        Assert.Empty(await pathway.AwardsOfAsync(certificate));
    }

    [Theory]
    [InlineData("unknown", "/pathway/requires/0")]
    [InlineData("results", "/criteriaRules/requiredResults")]
    public async Task A_pathway_must_name_this_issuers_achievements_and_need_no_results(string problem, string pointer)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject stacked = problem == "results" ? Journey.SampleJson("achievements/performance-assessment-design.json") : Pathway.Micro("Certificate", 0);
        stacked["pathway"] = new JsonObject { ["requires"] = new JsonArray(problem == "unknown" ? "aaaaaaaaaaaaaaaaaaaa" : achievementId) };

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(stacked));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(pointer, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
