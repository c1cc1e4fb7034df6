using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Four micro-credentials worth 6 credits stack into a certificate, issued automatically, once, by the outbox worker
/// after the award that completes the pathway (the tests wait for it).
/// </summary>
public sealed class StackingTests : IClassFixture<ApiFactory>
{
    private const string Teacher = "sam.rivera@district.example";
    private readonly ApiFactory _api;

    public StackingTests(ApiFactory api) => _api = api;

    private static async Task<string> CreateAsync(HttpClient client, string issuerId, JsonObject achievement)
    {
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private static JsonObject Micro(string name, double credits) => new()
    {
        ["name"] = name,
        ["description"] = $"{name}, one micro-credential of the assessment literacy pathway.",
        ["criteria"] = new JsonObject { ["narrative"] = "Complete the module and its performance task." },
        ["achievementType"] = "MicroCredential",
        ["creditsAvailable"] = credits,
    };

    private async Task<(string IssuerId, HttpClient Client, string[] Micros, string Certificate)> PathwayAsync()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        HttpClient client = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, ApiFactory.IssuerScopes));
        string[] micros =
        [
            await CreateAsync(client, issuerId, Micro("Basic performance assessment design", 1.5)),
            await CreateAsync(client, issuerId, Micro("Rubric design", 1.5)),
            await CreateAsync(client, issuerId, Micro("Feedback for learning", 1.5)),
            await CreateAsync(client, issuerId, Micro("Data-driven instruction", 1.5)),
        ];
        JsonObject certificate = Micro("Certificate in Assessment Literacy", 0);
        certificate["achievementType"] = "Certificate";
        certificate["pathway"] = new JsonObject { ["requires"] = new JsonArray([.. micros.Select(m => (JsonNode)m)]), ["minimumCredits"] = 6 };
        return (issuerId, client, micros, await CreateAsync(client, issuerId, certificate));
    }

    private static Task<HttpResponseMessage> AwardAsync(HttpClient client, string issuerId, string achievementId) =>
        client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(new JsonObject
        {
            ["achievementId"] = achievementId,
            ["recipient"] = new JsonObject { ["email"] = Teacher, ["name"] = "Sam Rivera" },
        }));

    private static async Task<JsonArray> AwardsOfAsync(HttpClient client, string issuerId, string achievementId) =>
        (await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?achievementId={achievementId}&recipient={Uri.EscapeDataString(Teacher)}")).ReadObjectAsync())["items"]!.AsArray();

    [Fact]
    public async Task The_fourth_micro_credential_issues_the_certificate_once_with_the_four_as_evidence()
    {
        (string issuerId, HttpClient client, string[] micros, string certificate) = await PathwayAsync();
        List<string> microCredentials = [];
        for (int i = 0; i < 3; i++)
            microCredentials.Add((await (await AwardAsync(client, issuerId, micros[i])).ReadObjectAsync())["credentialId"]!.GetValue<string>());

        await _api.SideEffectsDoneAsync();
        JsonObject progress = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/recipients/{Uri.EscapeDataString(Teacher)}/progress")).ReadObjectAsync();
        JsonObject pathway = progress["pathways"]!.AsArray().Single()!.AsObject();
        Assert.False(pathway["earned"]!.GetValue<bool>());
        Assert.Equal(3, pathway["completed"]!.AsArray().Count);
        Assert.Equal(micros[3], pathway["missing"]![0]!["achievementId"]!.GetValue<string>());
        Assert.Equal("Data-driven instruction", pathway["missing"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(4.5, pathway["credits"]!.GetValue<double>());
        Assert.Empty(await AwardsOfAsync(client, issuerId, certificate));

        microCredentials.Add((await (await AwardAsync(client, issuerId, micros[3])).ReadObjectAsync())["credentialId"]!.GetValue<string>());
        await _api.SideEffectsDoneAsync();
        await AwardAsync(client, issuerId, micros[0]);
        await _api.SideEffectsDoneAsync();

        JsonObject stacked = Assert.Single(await AwardsOfAsync(client, issuerId, certificate))!.AsObject();
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
        (string issuerId, HttpClient client, string[] micros, string certificate) = await PathwayAsync();
        JsonObject first = await (await AwardAsync(client, issuerId, micros[0])).ReadObjectAsync();
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{first["id"]}:{action}", Journey.Json("""{"reason": "Issued in error."}"""));
        for (int i = 1; i < 4; i++) await AwardAsync(client, issuerId, micros[i]);
        await _api.SideEffectsDoneAsync();

        Assert.Empty(await AwardsOfAsync(client, issuerId, certificate));
    }

    [Theory]
    [InlineData("unknown", "/pathway/requires/0")]
    [InlineData("results", "/criteriaRules/requiredResults")]
    public async Task A_pathway_must_name_this_issuers_achievements_and_need_no_results(string problem, string pointer)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject stacked = problem == "results" ? Journey.SampleJson("achievements/performance-assessment-design.json") : Micro("Certificate", 0);
        stacked["pathway"] = new JsonObject { ["requires"] = new JsonArray(problem == "unknown" ? "aaaaaaaaaaaaaaaaaaaa" : achievementId) };

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(stacked));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(pointer, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
