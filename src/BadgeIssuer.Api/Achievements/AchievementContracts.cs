using System.Text.Json.Serialization;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Api.Achievements;

/// <summary>The body of <c>POST</c> and <c>PUT .../achievements</c>: OB 3.0 Achievement fields plus criteria rules.</summary>
public sealed record AchievementRequest(
    string Name,
    string Description,
    CriteriaRequest Criteria,
    string? AchievementType = null,
    ImageRequest? Image = null,
    IReadOnlyList<AlignmentRequest>? Alignment = null,
    IReadOnlyList<string>? Tag = null,
    double? CreditsAvailable = null,
    string? FieldOfStudy = null,
    string? HumanCode = null,
    IReadOnlyList<ResultDescriptionRequest>? ResultDescription = null,
    CriteriaRulesRequest? CriteriaRules = null,
    int? ValidForDays = null,
    PathwayRequest? Pathway = null)
{
    internal AchievementDraft ToDraft() => new(
        Name, Description, AchievementType, Criteria.Narrative, Criteria.Id,
        Image is null ? null : new AchievementImage(Image.Id, Image.Caption),
        [.. (Alignment ?? []).Select(a => new Alignment(a.TargetName, a.TargetUrl, a.TargetCode, a.TargetDescription, a.TargetFramework, a.TargetType))],
        Tag ?? [],
        CreditsAvailable, FieldOfStudy, HumanCode,
        [.. (ResultDescription ?? []).Select(d => d.ToModel())],
        CriteriaRules?.ToModel() ?? Core.Achievements.CriteriaRules.None,
        ValidForDays,
        Pathway is null ? null : new Pathway(Pathway.Requires, Pathway.MinimumRequired, Pathway.MinimumCredits));
}

/// <summary>A stacked achievement's pathway: the achievements it requires (all, or <c>minimumRequired</c> of them) and the credits they must add up to.</summary>
public sealed record PathwayRequest(IReadOnlyList<string> Requires, int? MinimumRequired = null, double? MinimumCredits = null);

/// <summary>OB 3.0 Criteria: a narrative and/or the URL of a criteria page.</summary>
public sealed record CriteriaRequest(string? Narrative = null, string? Id = null);

/// <summary>OB 3.0 Image.</summary>
public sealed record ImageRequest(string Id, string? Caption = null);

/// <summary>OB 3.0 Alignment.</summary>
public sealed record AlignmentRequest(string TargetName, string TargetUrl, string? TargetCode = null, string? TargetDescription = null, string? TargetFramework = null, string? TargetType = null);

/// <summary>OB 3.0 ResultDescription, named by a short <c>key</c> that award requests use.</summary>
public sealed record ResultDescriptionRequest(
    string Key,
    string Name,
    string ResultType,
    IReadOnlyList<string>? AllowedValue = null,
    IReadOnlyList<RubricLevelRequest>? RubricCriterionLevel = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? ValueMin = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? ValueMax = null)
{
    internal ResultDescription ToModel() => new(Key, Name, ResultType, AllowedValue ?? [],
        [.. (RubricCriterionLevel ?? []).Select(l => new RubricCriterionLevel(l.Key, l.Name, l.Description, l.Level, l.Points))], ValueMin, ValueMax);

    internal static ResultDescriptionRequest From(ResultDescription d) => new(d.Key, d.Name, d.ResultType, d.AllowedValues,
        [.. d.RubricCriterionLevels.Select(l => new RubricLevelRequest(l.Key, l.Name, l.Description, l.Level, l.Points))], d.ValueMin, d.ValueMax);
}

/// <summary>OB 3.0 RubricCriterionLevel, lowest level first.</summary>
public sealed record RubricLevelRequest(
    string Key,
    string Name,
    string? Description = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Level = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Points = null);

/// <summary>The machine-checkable criteria: required results, how many must be met, and evidence needed.</summary>
public sealed record CriteriaRulesRequest(IReadOnlyList<RequiredResultRequest>? RequiredResults = null, int? MinimumResultsMet = null, int MinimumEvidence = 0)
{
    internal CriteriaRules ToModel() => new([.. (RequiredResults ?? []).Select(r => new RequiredResult(r.ResultDescription, r.MinimumLevel, r.MinimumValue, r.Status))], MinimumResultsMet, MinimumEvidence);

    internal static CriteriaRulesRequest From(CriteriaRules r) =>
        new([.. r.RequiredResults.Select(x => new RequiredResultRequest(x.ResultDescription, x.MinimumLevel, x.MinimumValue, x.RequiredStatus))], r.MinimumResultsMet, r.MinimumEvidence);
}

/// <summary>One required result: a rubric level or higher, a minimum value, or a status.</summary>
public sealed record RequiredResultRequest(
    string ResultDescription,
    string? MinimumLevel = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? MinimumValue = null,
    string? Status = null);

/// <summary>An achievement as the API returns it.</summary>
public sealed record AchievementResponse(
    string Id, string IssuerId, string PublicUrl, string Name, string Description, CriteriaRequest Criteria, string? AchievementType,
    ImageRequest? Image, IReadOnlyList<AlignmentRequest> Alignment, IReadOnlyList<string> Tag, double? CreditsAvailable,
    string? FieldOfStudy, string? HumanCode, IReadOnlyList<ResultDescriptionRequest> ResultDescription, CriteriaRulesRequest CriteriaRules,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version, int? ValidForDays, PathwayRequest? Pathway)
{
    internal static AchievementResponse From(Achievement a, PublicUrls urls) => new(
        a.Id, a.IssuerId, urls.Achievement(a.IssuerId, a.Id), a.Name, a.Description, new CriteriaRequest(a.CriteriaNarrative, a.CriteriaUrl), a.AchievementType,
        a.Image is null ? null : new ImageRequest(a.Image.Id, a.Image.Caption),
        [.. a.Alignments.Select(x => new AlignmentRequest(x.TargetName, x.TargetUrl, x.TargetCode, x.TargetDescription, x.TargetFramework, x.TargetType))],
        a.Tags, a.CreditsAvailable, a.FieldOfStudy, a.HumanCode,
        [.. a.ResultDescriptions.Select(ResultDescriptionRequest.From)], CriteriaRulesRequest.From(a.Rules), a.CreatedAt, a.UpdatedAt, a.Version, a.ValidForDays,
        a.Pathway is null ? null : new PathwayRequest(a.Pathway.Requires, a.Pathway.MinimumRequired, a.Pathway.MinimumCredits));
}

/// <summary>A page of achievements.</summary>
public sealed record AchievementPage(IReadOnlyList<AchievementResponse> Items, string? NextCursor);
