using System.Text.Json.Serialization;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Api.Achievements;

/// <summary>An achievement as the API returns it: the stored achievement and the URL of its public OB 3.0 document.</summary>
public sealed record AchievementResponse : Achievement
{
    internal AchievementResponse(Achievement achievement, PublicUrls urls)
        : base(achievement) => PublicUrl = urls.Achievement(achievement.IssuerId, achievement.Id);

    /// <summary>The achievement's public OB 3.0 document.</summary>
    [JsonPropertyOrder(-1)]
    public string PublicUrl { get; init; }
}

/// <summary>A page of achievements.</summary>
public sealed record AchievementPage(IReadOnlyList<AchievementResponse> Items, string? NextCursor);
