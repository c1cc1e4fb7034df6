namespace BadgeIssuer.Core.Achievements;

/// <summary>The fields of an achievement a program writes (create or replace), before validation.</summary>
public sealed record AchievementDraft(
    string? Name,
    string? Description,
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
    int? ValidForDays = null,
    Pathway? Pathway = null);
