using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Issuers;

namespace BadgeIssuer.Api.OpenApi;

/// <summary>
/// The OpenAPI schema names of the Core shapes the API binds and returns directly. Clients generate code from these
/// names, so they stay what they were when each shape had its own API copy.
/// </summary>
internal static class WireSchemaNames
{
    private static readonly Dictionary<Type, string> ByType = new()
    {
        [typeof(IssuerDraft)] = "IssuerRequest",
        [typeof(AchievementDraft)] = "AchievementRequest",
        [typeof(Criteria)] = "CriteriaRequest",
        [typeof(AchievementImage)] = "ImageRequest",
        [typeof(Alignment)] = "AlignmentRequest",
        [typeof(ResultDescription)] = "ResultDescriptionRequest",
        [typeof(RubricCriterionLevel)] = "RubricLevelRequest",
        [typeof(CriteriaRules)] = "CriteriaRulesRequest",
        [typeof(RequiredResult)] = "RequiredResultRequest",
        [typeof(Pathway)] = "PathwayRequest",
        [typeof(Recipient)] = "RecipientRequest",
        [typeof(SubmittedResult)] = "ResultRequest",
        [typeof(EvidenceItem)] = "EvidenceRequest",
        [typeof(AwardRevocation)] = "RevocationResponse",
        [typeof(AwardSuspension)] = "SuspensionResponse",
    };

    /// <summary>The wire name of <paramref name="type"/>, or what <paramref name="fallback"/> names it.</summary>
    public static string Of(Type type, Func<Type, string> fallback) => ByType.TryGetValue(type, out string? name) ? name : fallback(type);
}
