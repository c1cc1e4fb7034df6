using System.Text.Json.Serialization;

namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// A badge definition of one issuer: its id and issuer, its content (the OB 3.0 <c>Achievement</c> fields plus the
/// machine-checkable <see cref="CriteriaRules"/> that decide whether a learner's results and evidence earn it, as the
/// <see cref="AchievementDraft"/> it was written with) and when and how often it was written. A credential for it
/// expires <see cref="AchievementDraft.ValidForDays"/> days after issuing when set (re-certification), unless the
/// award says otherwise.
/// </summary>
public record Achievement : AchievementDraft
{
    /// <summary>An achievement <paramref name="id"/> of <paramref name="issuerId"/> with the fields of <paramref name="content"/>.</summary>
    public Achievement(string id, string issuerId, AchievementDraft content, DateTimeOffset createdAt, DateTimeOffset updatedAt, long version)
        : base(content)
    {
        Id = id;
        IssuerId = issuerId;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    /// <summary>The achievement's id, unique in the service.</summary>
    [JsonPropertyOrder(-3)]
    public string Id { get; init; }

    /// <summary>The issuer that defines it.</summary>
    [JsonPropertyOrder(-2)]
    public string IssuerId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last replaced.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>1 when created, one more at each replacement or endorsement (the ETag).</summary>
    public long Version { get; init; }

    /// <summary>Other issuers' endorsements of it, oldest first; listed in its public document and in the badges issued after them.</summary>
    [JsonIgnore]
    public IReadOnlyList<Endorsements.Endorsement> Endorsements { get; init; } = [];
}

/// <summary>
/// A stacked achievement's pathway: it is earned by holding <see cref="MinimumRequired"/> (default: all) of the
/// <see cref="Requires"/> achievements of the same issuer, worth at least <see cref="MinimumCredits"/> credits
/// together (each counts its <c>creditsAvailable</c>).
/// </summary>
public sealed record Pathway(IReadOnlyList<string> Requires, int? MinimumRequired = null, double? MinimumCredits = null)
{
    /// <summary>How many of <see cref="Requires"/> must be held.</summary>
    [JsonIgnore]
    public int RequiredCount => MinimumRequired ?? Requires.Count;
}

/// <summary>OB 3.0 <c>Image</c>: a URL or data URI and an optional caption.</summary>
public sealed record AchievementImage(string Id, string? Caption = null);

/// <summary>OB 3.0 <c>Alignment</c> to a framework item (a competency, a standard).</summary>
public sealed record Alignment(
    string TargetName,
    string TargetUrl,
    string? TargetCode = null,
    string? TargetDescription = null,
    string? TargetFramework = null,
    string? TargetType = null);

/// <summary>
/// OB 3.0 <c>ResultDescription</c>: one kind of result the achievement records (a rubric criterion, a score,
/// a status). <see cref="Key"/> is the short name requests use (<c>"unit-plan"</c>); its public <c>id</c> is
/// derived from the achievement's id. <see cref="AllowedValues"/> and <see cref="RubricCriterionLevels"/> are
/// ordered from lowest to highest, as OB 3.0 says; a list left out of the request is empty. Scores and levels may
/// arrive as JSON numbers (<see cref="StringOrNumberConverter"/>).
/// </summary>
public sealed record ResultDescription(
    string Key,
    string Name,
    string ResultType,
    IReadOnlyList<string>? AllowedValues = null,
    IReadOnlyList<RubricCriterionLevel>? RubricCriterionLevels = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? ValueMin = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? ValueMax = null)
{
    /// <summary>OB 3.0 <c>allowedValue</c>, lowest first.</summary>
    [JsonPropertyName("allowedValue")]
    public IReadOnlyList<string> AllowedValues { get; init; } = AllowedValues ?? [];

    /// <summary>OB 3.0 <c>rubricCriterionLevel</c>, lowest first.</summary>
    [JsonPropertyName("rubricCriterionLevel")]
    public IReadOnlyList<RubricCriterionLevel> RubricCriterionLevels { get; init; } = RubricCriterionLevels ?? [];
}

/// <summary>OB 3.0 <c>RubricCriterionLevel</c>; <see cref="Key"/> is the short name requests use.</summary>
public sealed record RubricCriterionLevel(
    string Key,
    string Name,
    string? Description = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Level = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Points = null);

/// <summary>
/// An achievement earned by submission and review (<c>"review"</c>): each submission gets <see cref="ReviewsRequired"/>
/// independent reviews (1 or 2; two that disagree on met / not met get a third), never from an assessor of the
/// candidate's own organisation when <see cref="ExcludeSameOrganization"/>; <see cref="RequireResponses"/> asks the
/// teacher for an answer to every rubric criterion; <see cref="PublishFeedback"/> puts the assessors' feedback into the
/// credential's evidence (off by default: feedback goes to the teacher, not to everyone the badge is shown to).
/// </summary>
public sealed record AchievementReview(int ReviewsRequired = 1, bool ExcludeSameOrganization = true, bool RequireResponses = false, bool PublishFeedback = false);
