using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Stacking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Stacking;

/// <summary>A required achievement the learner does not hold yet.</summary>
public sealed record MissingStep(string AchievementId, string? Name);

/// <summary>A learner's standing on one stacked achievement.</summary>
public sealed record PathwayProgressResponse(
    string AchievementId, string Name, bool Earned, string? AwardId, int RequiredCount, IReadOnlyList<PathwayStep> Completed,
    IReadOnlyList<MissingStep> Missing, double Credits, double? MinimumCredits);

/// <summary>A learner's progress toward every stacked achievement of the issuer.</summary>
public sealed record ProgressResponse(string IssuerId, IReadOnlyList<PathwayProgressResponse> Pathways);

/// <summary>
/// <c>GET /api/v1/issuers/{issuerId}/recipients/{recipient}/progress</c>: what is earned and what is missing toward each
/// pathway. The recipient may be an e-mail address, so the route keeps its path out of traces.
/// </summary>
public static class ProgressEndpoints
{
    public static void MapProgress(this RouteGroupBuilder issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        issuer.MapGet("/recipients/{recipient}/progress", GetAsync).WithTags("Stacking").HasSecretInPath()
            .RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("GetRecipientProgress")
            .WithSummary("A learner's progress toward each stacked achievement: the recipient is the e-mail address or the id given at issue (URL-encoded)");
    }

    private static async Task<Ok<ProgressResponse>> GetAsync(string issuerId, string recipient, StackingService stacking, IAchievementStore achievements,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<PathwayProgress> progress = await stacking.ProgressAsync(issuerId, IssuingService.RecipientKeyFor(Uri.UnescapeDataString(recipient)), cancellationToken);
        List<PathwayProgressResponse> pathways = [];
        foreach (PathwayProgress p in progress)
        {
            List<MissingStep> missing = [];
            foreach (string id in p.Missing) missing.Add(new MissingStep(id, (await achievements.GetAsync(issuerId, id, cancellationToken))?.Name));
            pathways.Add(new PathwayProgressResponse(p.Achievement.Id, p.Achievement.Name, p.EarnedAwardId is not null, p.EarnedAwardId, p.RequiredCount,
                p.Completed, missing, p.Credits, p.Achievement.Pathway!.MinimumCredits));
        }
        return TypedResults.Ok(new ProgressResponse(issuerId, pathways));
    }
}
