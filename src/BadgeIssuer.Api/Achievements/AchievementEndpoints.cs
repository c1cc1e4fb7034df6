using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Issuers;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Api.Achievements;

/// <summary><c>/api/v1/issuers/{issuerId}/achievements</c>: create, list, read and replace an issuer's badge definitions.</summary>
public static class AchievementEndpoints
{
    public static void MapAchievements(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/v1/issuers/{issuerId}/achievements").WithTags("Achievements");
        group.MapPost("", CreateAsync).RequireScope(Scopes.AchievementsWrite)
            .WithName("CreateAchievement").WithSummary("Create an achievement (a micro-credential) with machine-checkable criteria rules")
            .Accepts<AchievementDraft>("application/json").Produces<AchievementResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).RequireScope([.. Scopes.All])
            .WithName("ListAchievements").WithSummary("List the issuer's achievements (cursor pagination)").Produces<AchievementPage>();
        group.MapGet("/{achievementId}", GetAsync).RequireScope([.. Scopes.All])
            .WithName("GetAchievement").WithSummary("Read an achievement").Produces<AchievementResponse>();
        group.MapPut("/{achievementId}", ReplaceAsync).RequireScope(Scopes.AchievementsWrite)
            .WithName("ReplaceAchievement").WithSummary("Replace an achievement (If-Match optional); credentials already issued do not change")
            .Accepts<AchievementDraft>("application/json").Produces<AchievementResponse>();
    }

    private static async Task<IResult> CreateAsync(string issuerId, HttpContext http, ClaimsPrincipal user, JsonBody body, AchievementService achievements, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<AchievementDraft> request = await body.ReadAsync<AchievementDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Achievement> outcome = await achievements.CreateAsync(issuerId, request.Value!, http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: true));
    }

    private static async Task<IResult> ListAsync(string issuerId, string? cursor, int? limit, HttpContext http, ClaimsPrincipal user, AchievementService achievements, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        Outcome<Page<Achievement>> outcome = await achievements.ListAsync(issuerId, cursor, limit ?? 50, http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Ok(new AchievementPage([.. d.Value.Items.Select(a => new AchievementResponse(a, urls))], d.Value.NextCursor)));
    }

    private static async Task<IResult> GetAsync(string issuerId, string achievementId, HttpContext http, ClaimsPrincipal user, AchievementService achievements, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        Outcome<Achievement> outcome = await achievements.GetAsync(issuerId, achievementId, http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: false));
    }

    private static async Task<IResult> ReplaceAsync(string issuerId, string achievementId, HttpContext http, ClaimsPrincipal user, JsonBody body, AchievementService achievements, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<AchievementDraft> request = await body.ReadAsync<AchievementDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Achievement> outcome = await achievements.ReplaceAsync(issuerId, achievementId, request.Value!, OutcomeResults.IfMatchVersion(http.Request), http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: false));
    }

    private static IResult Respond(HttpContext http, Achievement achievement, PublicUrls urls, bool created)
    {
        http.Response.Headers.ETag = OutcomeResults.ETag(achievement.Version);
        AchievementResponse response = new(achievement, urls);
        return created ? Results.Created($"/api/v1/issuers/{achievement.IssuerId}/achievements/{achievement.Id}", response) : Results.Ok(response);
    }
}
