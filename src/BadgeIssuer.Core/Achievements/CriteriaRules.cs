using System.Text.Json.Serialization;

namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// What a learner must show to earn an achievement. Every rule in <see cref="RequiredResults"/> must be met,
/// unless <see cref="MinimumResultsMet"/> lowers that to "at least N of them" (e.g. three of four coaching
/// cycles); and at least <see cref="MinimumEvidence"/> evidence items must be submitted.
/// </summary>
public sealed record CriteriaRules(IReadOnlyList<RequiredResult>? RequiredResults = null, int? MinimumResultsMet = null, int MinimumEvidence = 0)
{
    /// <summary>The required results; empty when the request has none.</summary>
    public IReadOnlyList<RequiredResult> RequiredResults { get; init; } = RequiredResults ?? [];

    /// <summary>No rules: any request earns the badge (an attendance or participation badge).</summary>
    public static readonly CriteriaRules None = new([], null, 0);
}

/// <summary>
/// One required result, naming a <see cref="ResultDescription"/> by key. At most one of
/// <see cref="MinimumLevel"/> (a rubric level key: that level or a higher one), <see cref="MinimumValue"/>
/// (a score: numeric for score types, else the position in the ordered allowed values) and
/// <see cref="RequiredStatus"/> (an OB 3.0 ResultStatusType such as <c>Completed</c>) is set; none of them
/// means the result only has to be present.
/// </summary>
public sealed record RequiredResult(
    string ResultDescription,
    string? MinimumLevel = null,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? MinimumValue = null,
    [property: JsonPropertyName("status")] string? RequiredStatus = null);
