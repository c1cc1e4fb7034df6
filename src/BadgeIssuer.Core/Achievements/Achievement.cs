namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// A badge definition of one issuer: the OB 3.0 <c>Achievement</c> fields plus the machine-checkable
/// <see cref="CriteriaRules"/> that decide whether a learner's results and evidence earn it. A credential for it
/// expires <see cref="ValidForDays"/> days after issuing when set (re-certification), unless the award says otherwise.
/// </summary>
public sealed record Achievement(
    string Id,
    string IssuerId,
    string Name,
    string Description,
    string? AchievementType,
    string? CriteriaNarrative,
    string? CriteriaUrl,
    AchievementImage? Image,
    IReadOnlyList<Alignment> Alignments,
    IReadOnlyList<string> Tags,
    double? CreditsAvailable,
    string? FieldOfStudy,
    string? HumanCode,
    IReadOnlyList<ResultDescription> ResultDescriptions,
    CriteriaRules Rules,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    int? ValidForDays = null,
    Pathway? Pathway = null);

/// <summary>
/// A stacked achievement's pathway: it is earned by holding <see cref="MinimumRequired"/> (default: all) of the
/// <see cref="Requires"/> achievements of the same issuer, worth at least <see cref="MinimumCredits"/> credits
/// together (each counts its <c>creditsAvailable</c>).
/// </summary>
public sealed record Pathway(IReadOnlyList<string> Requires, int? MinimumRequired, double? MinimumCredits)
{
    /// <summary>How many of <see cref="Requires"/> must be held.</summary>
    public int RequiredCount => MinimumRequired ?? Requires.Count;
}

/// <summary>OB 3.0 <c>Image</c>: a URL or data URI and an optional caption.</summary>
public sealed record AchievementImage(string Id, string? Caption);

/// <summary>OB 3.0 <c>Alignment</c> to a framework item (a competency, a standard).</summary>
public sealed record Alignment(
    string TargetName,
    string TargetUrl,
    string? TargetCode,
    string? TargetDescription,
    string? TargetFramework,
    string? TargetType);

/// <summary>
/// OB 3.0 <c>ResultDescription</c>: one kind of result the achievement records (a rubric criterion, a score,
/// a status). <see cref="Key"/> is the short name requests use (<c>"unit-plan"</c>); its public <c>id</c> is
/// derived from the achievement's id. <see cref="AllowedValues"/> and <see cref="RubricCriterionLevels"/> are
/// ordered from lowest to highest, as OB 3.0 says.
/// </summary>
public sealed record ResultDescription(
    string Key,
    string Name,
    string ResultType,
    IReadOnlyList<string> AllowedValues,
    IReadOnlyList<RubricCriterionLevel> RubricCriterionLevels,
    string? ValueMin,
    string? ValueMax);

/// <summary>OB 3.0 <c>RubricCriterionLevel</c>; <see cref="Key"/> is the short name requests use.</summary>
public sealed record RubricCriterionLevel(string Key, string Name, string? Description, string? Level, string? Points);
