using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>Steps of the program journey, each doing what a real caller does over HTTP.</summary>
public static class Journey
{
    public static string Sample(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", relativePath));

    public static JsonObject SampleJson(string relativePath) => JsonNode.Parse(Sample(relativePath))!.AsObject();

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<string> CreateIssuerAsync(ApiFactory api)
    {
        using HttpClient admin = api.Admin();
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", Json(Sample("requests/issuer.json")));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static async Task<string> CreateClientKeyAsync(ApiFactory api, string issuerId, params string[] scopes)
    {
        using HttpClient admin = api.Admin();
        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes, name = "test client" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["apiKey"]!.GetValue<string>();
    }

    public static Task<string> CreateAchievementAsync(HttpClient client, string issuerId, string sample = "achievements/performance-assessment-design.json") =>
        CreateAchievementAsync(client, issuerId, SampleJson(sample));

    /// <summary>A ready issuer and the sample award it issued (criteria met).</summary>
    public static async Task<(string IssuerId, HttpClient Client, JsonObject Award)> IssueSampleAsync(ApiFactory api)
    {
        (string issuerId, string achievementId, HttpClient client) = await ReadyIssuerAsync(api);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Json(AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        return (issuerId, client, award);
    }

    /// <summary>The report of <c>POST /api/v1/verify</c> for the award's credential, asked anonymously.</summary>
    public static async Task<JsonObject> VerifyAsync(ApiFactory api, JsonObject award)
    {
        using HttpClient anonymous = api.Anonymous();
        return await (await anonymous.PostAsync("/api/v1/verify", Json(new JsonObject { ["credential"] = award["credential"]!.DeepClone() }))).ReadObjectAsync();
    }

    /// <summary>The award's VC-JWT, read from its public link (the service signs it on the first request).</summary>
    public static async Task<string> JwtAsync(ApiFactory api, JsonObject award)
    {
        using HttpClient anonymous = api.Anonymous();
        return await anonymous.GetStringAsync(award["links"]!["jwt"]!.GetValue<string>());
    }

    /// <summary>The ids of every award of the issuer, read page by page from the award listing.</summary>
    public static async Task<List<string>> AwardIdsAsync(HttpClient client, string issuerId)
    {
        List<string> stored = [];
        string? cursor = null;
        do
        {
            JsonObject page = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadObjectAsync();
            stored.AddRange(page["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return stored;
    }

    public static JsonObject AwardBody(string sample, string achievementId)
    {
        JsonObject body = SampleJson(sample);
        body["achievementId"] = achievementId;
        return body;
    }

    /// <summary>An issuer with a client holding every issuer scope and one achievement, ready to issue.</summary>
    public static async Task<(string IssuerId, string AchievementId, HttpClient Client)> ReadyIssuerAsync(ApiFactory api)
    {
        string issuerId = await CreateIssuerAsync(api);
        string key = await CreateClientKeyAsync(api, issuerId, ApiFactory.IssuerScopes);
        HttpClient client = api.ClientWith(key);
        string achievementId = await CreateAchievementAsync(client, issuerId);
        return (issuerId, achievementId, client);
    }

    /// <summary>
    /// A certificate of <paramref name="issuerId"/> whose pathway requires only <paramref name="achievementId"/>, so each
    /// first award of that achievement to a learner stacks into it; returns the certificate's id.
    /// </summary>
    public static async Task<string> CreateCertificateAsync(HttpClient client, string issuerId, string achievementId) =>
        await CreateAchievementAsync(client, issuerId, new JsonObject
        {
            ["name"] = "Certificate in Assessment Literacy",
            ["description"] = "Earned by completing the assessment literacy pathway.",
            ["criteria"] = new JsonObject { ["narrative"] = "Earn every badge of the pathway." },
            ["achievementType"] = "Certificate",
            ["pathway"] = new JsonObject { ["requires"] = new JsonArray(achievementId) },
        });

    /// <summary>Creates <paramref name="achievement"/> for the issuer; returns its id.</summary>
    public static async Task<string> CreateAchievementAsync(HttpClient client, string issuerId, JsonObject achievement)
    {
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Json(achievement));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }
}
