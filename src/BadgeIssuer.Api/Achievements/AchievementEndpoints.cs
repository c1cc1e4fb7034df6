using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Achievements;

/// <summary><c>/api/v1/issuers/{issuerId}/achievements</c>: create, list, read and replace an issuer's badge definitions.</summary>
public static class AchievementEndpoints
{
    public static void MapAchievements(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder group = issuer.MapGroup("/achievements").WithTags("Achievements");
        group.MapPost("", CreateAsync).RequireScope(Scopes.AchievementsWrite)
            .WithName("CreateAchievement").WithSummary("Create an achievement (a micro-credential) with machine-checkable criteria rules")
            .AcceptsJson<AchievementDraft>();
        group.MapGet("", ListAsync).RequireScope([.. Scopes.All])
            .WithName("ListAchievements").WithSummary("List the issuer's achievements (cursor pagination)");
        group.MapGet("/{achievementId}", GetAsync).RequireScope([.. Scopes.All])
            .WithName("GetAchievement").WithSummary("Read an achievement");
        group.MapPut("/{achievementId}", ReplaceAsync).RequireScope(Scopes.AchievementsWrite)
            .WithName("ReplaceAchievement").WithSummary("Replace an achievement (If-Match optional); credentials already issued do not change")
            .AcceptsJson<AchievementDraft>().WithProblems(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Created<AchievementResponse>, ProblemHttpResult>> CreateAsync(string issuerId, HttpContext http, JsonBody body, AchievementService achievements, PublicUrls urls)
    {
        BodyResult<AchievementDraft> request = await body.ReadAsync<AchievementDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Achievement> outcome = await achievements.CreateAsync(issuerId, request.Value!, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/issuers/{d.Value.IssuerId}/achievements/{d.Value.Id}", Respond(http, d.Value, urls)));
    }

    private static async Task<Results<Ok<AchievementPage>, ProblemHttpResult>> ListAsync(string issuerId, string? cursor, int? limit, AchievementService achievements, PublicUrls urls, CancellationToken cancellationToken)
    {
        Outcome<Page<Achievement>> outcome = await achievements.ListAsync(issuerId, cursor, limit ?? 50, cancellationToken);
        return outcome.ToResult(d => TypedResults.Ok(new AchievementPage([.. d.Value.Items.Select(a => new AchievementResponse(a, urls))], d.Value.NextCursor)));
    }

    private static async Task<Results<Ok<AchievementResponse>, ProblemHttpResult>> GetAsync(string issuerId, string achievementId, HttpContext http, AchievementService achievements, PublicUrls urls)
    {
        Outcome<Achievement> outcome = await achievements.GetAsync(issuerId, achievementId, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static async Task<Results<Ok<AchievementResponse>, ProblemHttpResult>> ReplaceAsync(string issuerId, string achievementId, HttpContext http, JsonBody body, AchievementService achievements, PublicUrls urls)
    {
        BodyResult<AchievementDraft> request = await body.ReadAsync<AchievementDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Achievement> outcome = await achievements.ReplaceAsync(issuerId, achievementId, request.Value!, OutcomeResults.IfMatchVersion(http.Request), http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static AchievementResponse Respond(HttpContext http, Achievement achievement, PublicUrls urls)
    {
        http.Response.Headers.ETag = OutcomeResults.ETag(achievement.Version);
        return new(achievement, urls);
    }
}
