using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>Steps of submission and review, each doing what a program, a teacher or an assessor does over HTTP.</summary>
public static class Assess
{
    public const string School = "Lincoln High";
    public const string TeacherEmail = "ada.teacher@lincoln.example";

    /// <summary>
    /// An issuer with the sample achievement "Basic Performance Assessment Design" (three rubric criteria, proficient or
    /// higher each, three evidence items) earned by review, and a program client holding every submission scope.
    /// </summary>
    public static async Task<(string IssuerId, string AchievementId, HttpClient Program)> ReadyAsync(ApiFactory api, int reviewsRequired = 2, bool requireResponses = false,
        bool publishFeedback = false, params string[] tags)
    {
        string issuerId = await Journey.CreateIssuerAsync(api);
        JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
        achievement["review"] = new JsonObject
        {
            ["reviewsRequired"] = reviewsRequired, ["excludeSameOrganization"] = true, ["requireResponses"] = requireResponses, ["publishFeedback"] = publishFeedback,
        };
        if (tags.Length > 0) achievement["tag"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        using HttpClient admin = api.Admin();
        string achievementId = await Journey.CreateAchievementAsync(admin, issuerId, achievement);
        string key = await Journey.CreateClientKeyAsync(api, issuerId, Scopes.SubmissionsWrite, Scopes.SubmissionsRead, Scopes.AssessorsWrite, Scopes.AwardsRead, Scopes.AuditRead);
        return (issuerId, achievementId, api.ClientWith(key));
    }

    /// <summary>Adds an assessor through the program's key; returns its id and its own API key.</summary>
    public static async Task<(string Id, string Key)> AddAssessorAsync(HttpClient program, string issuerId, string name, string? organization = "Roosevelt Middle",
        string[]? conflicts = null, string[]? expertise = null)
    {
        HttpResponseMessage response = await program.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/assessors",
            new { name, email = $"{name.Replace(' ', '.').ToLowerInvariant()}@assessors.example", organization, expertise = expertise ?? [], conflicts = conflicts ?? [] });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject created = await response.ReadObjectAsync();
        return (created["id"]!.GetValue<string>(), created["apiKey"]!.GetValue<string>());
    }

    /// <summary>A submission body with <paramref name="count"/> evidence links named after <paramref name="label"/> and an answer to the first criterion.</summary>
    public static JsonObject SubmissionBody(string achievementId, string label = "first", int count = 3, string email = TeacherEmail) => new()
    {
        ["achievementId"] = achievementId,
        ["candidate"] = new JsonObject { ["email"] = email, ["name"] = "Ada Teacher", ["organization"] = School },
        ["evidence"] = Evidence(label, count),
        ["responses"] = new JsonArray(new JsonObject { ["resultDescription"] = "task-design", ["text"] = $"My {label} task asks students to design a water filter." }),
    };

    public static JsonArray Evidence(string label, int count) =>
        [.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject
        {
            ["url"] = $"https://portfolio.example/{label}/{i}", ["name"] = $"{label} piece {i}", ["genre"] = "Student work",
        })];

    /// <summary>A review giving every criterion <paramref name="level"/> (and task design <paramref name="taskLevel"/> when given).</summary>
    public static JsonObject ReviewBody(string level, string? taskLevel = null, string feedback = "Clear task; see the notes per criterion.") => new()
    {
        ["results"] = new JsonArray(
            new JsonObject { ["resultDescription"] = "task-design", ["achievedLevel"] = taskLevel ?? level, ["feedback"] = "Add accommodations for English learners." },
            new JsonObject { ["resultDescription"] = "rubric-alignment", ["achievedLevel"] = level },
            new JsonObject { ["resultDescription"] = "student-work-analysis", ["achievedLevel"] = level }),
        ["feedback"] = feedback,
    };

    public static async Task<JsonObject> SubmitAsync(HttpClient program, string issuerId, JsonObject body)
    {
        HttpResponseMessage response = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions", Journey.Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public static async Task<HttpResponseMessage> ReviewAsync(ApiFactory api, string assessorKey, string issuerId, string submissionId, JsonObject body)
    {
        using HttpClient assessor = api.ClientWith(assessorKey);
        return await assessor.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}/reviews", Journey.Json(body));
    }

    public static async Task<JsonObject> GetAsync(HttpClient program, string issuerId, string submissionId)
    {
        HttpResponseMessage response = await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>The ids of the assessors assigned to the current round, in the order they were assigned.</summary>
    public static string[] Assigned(JsonObject submission) =>
        [.. submission["rounds"]!.AsArray()[^1]!["assessors"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())];

    public static string ProblemType(JsonObject problem) => problem["type"]!.GetValue<string>().Split('/')[^1];
}
