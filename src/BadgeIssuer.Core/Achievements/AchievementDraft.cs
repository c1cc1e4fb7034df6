using System.Text.Json.Serialization;

namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// The fields of an achievement a program writes: the body of <c>POST</c> and <c>PUT .../achievements</c> as it
/// arrives (OB 3.0 Achievement fields plus criteria rules, before validation) and the content of every stored
/// <see cref="Achievement"/>. A list left out of the request is empty, never null.
/// </summary>
/// <remarks>
/// A new field is a parameter here (with <see cref="JsonPropertyNameAttribute"/> when its wire name is not the
/// camel-case of its own) and a field of <c>AchievementDocument</c> in <c>BadgeIssuer.Storage.Documents</c> with its
/// two mappings; requests, answers, records and OpenAPI follow from this type.
/// </remarks>
public record AchievementDraft(
    string Name,
    string Description,
    Criteria Criteria,
    string? AchievementType = null,
    AchievementImage? Image = null,
    IReadOnlyList<Alignment>? Alignments = null,
    IReadOnlyList<string>? Tags = null,
    double? CreditsAvailable = null,
    string? FieldOfStudy = null,
    string? HumanCode = null,
    IReadOnlyList<ResultDescription>? ResultDescriptions = null,
    CriteriaRules? Rules = null,
    int? ValidForDays = null,
    Pathway? Pathway = null,
    AchievementReview? Review = null)
{
    /// <summary>OB 3.0 <c>alignment</c>: the competencies and standards the achievement aligns to.</summary>
    [JsonPropertyName("alignment")]
    public IReadOnlyList<Alignment> Alignments { get; init; } = Alignments ?? [];

    /// <summary>OB 3.0 <c>tag</c>: keywords.</summary>
    [JsonPropertyName("tag")]
    public IReadOnlyList<string> Tags { get; init; } = Tags ?? [];

    /// <summary>OB 3.0 <c>resultDescription</c>: the kinds of result an award records.</summary>
    [JsonPropertyName("resultDescription")]
    public IReadOnlyList<ResultDescription> ResultDescriptions { get; init; } = ResultDescriptions ?? [];

    /// <summary>The machine-checkable criteria; <see cref="CriteriaRules.None"/> when the request has none.</summary>
    [JsonPropertyName("criteriaRules")]
    public CriteriaRules Rules { get; init; } = Rules ?? CriteriaRules.None;
}

/// <summary>OB 3.0 <c>Criteria</c>: a narrative (Markdown) and/or <see cref="Id"/>, the URL of a criteria page.</summary>
public sealed record Criteria(string? Narrative = null, string? Id = null);
