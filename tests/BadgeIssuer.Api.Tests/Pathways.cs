using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>An issuer with four micro-credentials worth 1.5 credits each that stack into a certificate (6 credits), and one teacher.</summary>
public sealed record Pathway(string IssuerId, HttpClient Client, string[] Micros, string Certificate)
{
    /// <summary>The teacher who earns the micro-credentials.</summary>
    public const string Teacher = "sam.rivera@district.example";

    /// <summary>A new issuer with the pathway, and a client with the issuer scopes and <paramref name="moreScopes"/>.</summary>
    public static async Task<Pathway> CreateAsync(ApiFactory api, params string[] moreScopes)
    {
        ArgumentNullException.ThrowIfNull(api);
        string issuerId = await Journey.CreateIssuerAsync(api);
        HttpClient client = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, [.. ApiFactory.IssuerScopes, .. moreScopes]));
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
        return new Pathway(issuerId, client, micros, await CreateAsync(client, issuerId, certificate));
    }

    /// <summary>An achievement of the pathway's kind.</summary>
    public static JsonObject Micro(string name, double credits) => new()
    {
        ["name"] = name,
        ["description"] = $"{name}, one micro-credential of the assessment literacy pathway.",
        ["criteria"] = new JsonObject { ["narrative"] = "Complete the module and its performance task." },
        ["achievementType"] = "MicroCredential",
        ["creditsAvailable"] = credits,
    };

    /// <summary>Issues the teacher the achievement.</summary>
    public Task<HttpResponseMessage> AwardAsync(string achievementId) =>
        Client.PostAsync($"/api/v1/issuers/{IssuerId}/awards", Journey.Json(new JsonObject
        {
            ["achievementId"] = achievementId,
            ["recipient"] = new JsonObject { ["email"] = Teacher, ["name"] = "Sam Rivera" },
        }));

    /// <summary>The teacher's awards of the achievement.</summary>
    public async Task<JsonArray> AwardsOfAsync(string achievementId) =>
        (await (await Client.GetAsync($"/api/v1/issuers/{IssuerId}/awards?achievementId={achievementId}&recipient={Uri.EscapeDataString(Teacher)}")).ReadObjectAsync())["items"]!.AsArray();

    private static async Task<string> CreateAsync(HttpClient client, string issuerId, JsonObject achievement)
    {
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }
}
